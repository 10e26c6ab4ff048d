/** Sidebar for the generated API reference: one group per package, one link per generated page. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DefaultTheme } from 'vitepress';

function pages(dir: string, root: string): DefaultTheme.SidebarItem[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name): DefaultTheme.SidebarItem[] => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        const items = pages(full, root);
        return items.length ? [{ text: name, collapsed: true, items }] : [];
      }
      if (!name.endsWith('.md') || name === 'index.md') return [];
      const link = '/api/' + relative(root, full).replace(/\\/g, '/').replace(/\.md$/, '');
      return [{ text: name.replace(/\.md$/, ''), link }];
    });
}

/** Reads `src/api` (written by `scripts/api.mjs`); empty until TypeDoc ran. */
export function apiSidebar(apiDir: string): DefaultTheme.SidebarItem[] {
  if (!existsSync(apiDir)) return [];
  const groups = readdirSync(apiDir)
    .filter((name) => statSync(join(apiDir, name)).isDirectory())
    .sort()
    .map((name) => ({ text: name, collapsed: false, items: pages(join(apiDir, name), apiDir) }));
  return [{ text: 'API reference', link: '/api/', items: groups }];
}
