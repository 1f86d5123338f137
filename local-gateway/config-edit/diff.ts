// Unified diff for `--dry-run` previews, computed by jsdiff (Myers, O((N+M)·D)). A config edit
// changes a handful of lines; past MAX_EDITS the diff gives up and shows one replace hunk, so a
// huge or wholly rewritten file costs bounded time and memory instead of a stalled preview.
import { structuredPatch } from 'diff';

const MAX_EDITS = 2_000;

export function unifiedDiff(oldText: string, newText: string, label: string, context = 3): string {
  if (oldText === newText) return '';
  // Compare lines without CR and without the final newline: a preview shows content, not EOLs.
  const a = normalize(oldText);
  const b = normalize(newText);
  const out = [`--- ${label}`, `+++ ${label}`];
  if (a === b) return out.join('\n') + '\n';
  const patch = structuredPatch(label, label, a, b, undefined, undefined, { context, maxEditLength: MAX_EDITS });
  if (!patch) return [...out, ...replaceAll(a, b)].join('\n') + '\n';
  for (const h of patch.hunks) {
    // As GNU diff (and jsdiff's formatPatch): an empty side names the line before the hunk.
    out.push(
      `@@ -${h.oldLines === 0 ? h.oldStart - 1 : h.oldStart},${h.oldLines} +${h.newLines === 0 ? h.newStart - 1 : h.newStart},${h.newLines} @@`,
    );
    for (const line of h.lines) out.push(line);
  }
  return out.join('\n') + '\n';
}

/** Lines joined by `\n` with a final `\n` (none for empty text), so jsdiff never adds "\ No newline". */
function normalize(text: string): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function replaceAll(a: string, b: string): string[] {
  const lines = (t: string) => (t === '' ? [] : t.slice(0, -1).split('\n'));
  const oldLines = lines(a);
  const newLines = lines(b);
  const start = (n: number) => (n === 0 ? 0 : 1);
  return [
    `@@ -${start(oldLines.length)},${oldLines.length} +${start(newLines.length)},${newLines.length} @@`,
    ...oldLines.map((l) => '-' + l),
    ...newLines.map((l) => '+' + l),
  ];
}
