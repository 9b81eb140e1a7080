/**
 * `cairn/context`: the opt-in context module. Pass it to `createTracker` to add campaign, channel,
 * touches, funnel progress, journeys, abandonment, experiments and traits to every event.
 */
import { checkContext } from './context/check-context';
import type { ContextModule } from './context/context-module';
import { startContext } from './context/start-context';

/**
 * The context module.
 * @example
 * import { createTracker, triggers } from 'cairn'
 * import { context } from 'cairn/context'
 * const cairn = createTracker(config, { triggers, context })
 */
export const context: ContextModule = { validate: checkContext, start: startContext };

export { channelOf } from './context/channel';
export { readLanding, DEFAULT_IGNORED_REFERRERS } from './context/landing';
export { ABANDONMENT_GOAL } from './context/start-context';
export type { ContextModule, ContextHost, ContextPlugin, FunnelProgress, Abandonment, Traits } from './context/context-module';
export type { Landing, LandingOptions } from './context/landing';
export type { Campaign, ClickIds } from './context/campaign';
export type { ChannelName } from './context/channel';
