import type { DownloadTrigger } from '../schema/trigger-types';
import { closestLink, linkUrl, type GoalTrigger, type SharedHandler } from './dom';
import { autoProp } from './read-props';
import type { TriggerHost } from './trigger-host';

/** File extensions that count as a download when a trigger lists none (see `DownloadTrigger`). */
export const DEFAULT_DOWNLOAD_EXTENSIONS: readonly string[] = [
  'pdf', 'zip', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'csv', 'txt', 'rtf', 'dmg',
  'exe', 'msi', 'apk', 'mp3', 'mp4', 'mov', 'avi', '7z', 'rar', 'gz', 'tar',
];

/**
 * Handles `download` triggers for the shared click listener: a click on an http(s) link whose path
 * ends in one of the extensions (case-insensitive, a leading dot in the config is ignored) fires the
 * goal, with `url` (origin and path, no query) when the goal declares that prop.
 *
 * @example
 * const onClick = downloadHandler(host, [{ goal, trigger: { on: 'download', extensions: ['pdf'] } }]);
 */
export function downloadHandler(host: TriggerHost, entries: readonly GoalTrigger<DownloadTrigger>[]): SharedHandler {
  const lists = entries.map(({ trigger }) =>
    (trigger.extensions ?? DEFAULT_DOWNLOAD_EXTENSIONS).map((ext) => ext.replace(/^\./, '').toLowerCase()),
  );
  return (event, fired) => {
    const url = closestLink(event, host.window);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return;
    const ext = /\.([^./]+)$/.exec(url.pathname)?.[1]?.toLowerCase();
    if (!ext) return;
    entries.forEach(({ goal }, i) => {
      if (fired.has(goal.id) || !lists[i]?.includes(ext)) return;
      fired.add(goal.id);
      host.fire(goal.id, autoProp(goal, 'url', linkUrl(url)), 'download');
    });
  };
}
