export const VIEWS = ['clients', 'servers', 'activity', 'settings'] as const;
export type View = (typeof VIEWS)[number];

const TITLES: Record<View, string> = {
  clients: 'Clients',
  servers: 'Servers',
  activity: 'Activity',
  settings: 'Settings',
};

export function viewTitle(v: View): string {
  return TITLES[v];
}

/** Plain links to #/<view>: keyboard, history and "open in new tab" all work. */
export function NavTabs({ current }: { current: View }) {
  return (
    <nav aria-label="Views" className="nav">
      <ul>
        {VIEWS.map((v) => (
          <li key={v}>
            <a
              href={`#/${v}`}
              aria-current={v === current ? 'page' : undefined}
              className={v === current ? 'active' : undefined}
            >
              {TITLES[v]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
