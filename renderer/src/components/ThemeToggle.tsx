import { useEffect, useState } from 'react';
import { applyTheme, loadTheme, nextTheme, type ThemeChoice } from '../theme.js';

const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(loadTheme);
  useEffect(() => applyTheme(choice), [choice]);
  return (
    <button
      type="button"
      className="btn btn-plain btn-small"
      onClick={() => setChoice(nextTheme)}
      title="Switch between system, light and dark themes"
    >
      {LABEL[choice]}
    </button>
  );
}
