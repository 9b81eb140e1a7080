// placeholder until the channel branch lands
export interface Campaign { source?: string; medium?: string; name?: string; term?: string; content?: string; id?: string }
export type ClickIds = { [param: string]: string };
export function readCampaign(href: string): { campaign?: Campaign; clickIds?: ClickIds } { void href; return {}; }
