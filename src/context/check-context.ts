import type { Issue } from '../lib/errors';
import type { CairnConfig } from '../schema/types';
import { ABANDONMENT_PROPS } from './start-context';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The context module's checks of a config, run at init beside the tracker's own (which check the
 * shape of `attribution` and `abandonment` and the funnels' steps): host lists, the abandonment
 * goal and its wait.
 */
export function checkContext(config: CairnConfig): Issue[] {
  const issues: Issue[] = [];
  const attribution: unknown = config.attribution;
  if (attribution !== undefined && !isObject(attribution)) issues.push({ path: 'attribution', message: 'expected an object' });
  if (isObject(attribution)) {
    for (const [key, value] of Object.entries(attribution)) {
      if (key !== 'internalHosts' && key !== 'ignoreReferrers') issues.push({ path: `attribution.${key}`, message: 'unknown option' });
      else if (!Array.isArray(value) || [...value].some((host) => typeof host !== 'string' || !/^[a-z0-9.-]+(:\d+)?$/i.test(host))) {
        issues.push({ path: `attribution.${key}`, message: 'expected a list of host names such as "pay.example.com"' });
      }
    }
  }
  const abandonment: unknown = config.abandonment;
  if (abandonment !== undefined && abandonment !== false && !isObject(abandonment)) issues.push({ path: 'abandonment', message: 'expected an object or false' });
  if (!isObject(abandonment)) return issues;
  for (const [key, value] of Object.entries(abandonment)) {
    if (key === 'afterMs') {
      if (!(typeof value === 'number' && Number.isInteger(value) && value > 0)) issues.push({ path: 'abandonment.afterMs', message: `expected a whole number > 0, received ${String(value)}` });
    } else if (key === 'goal') {
      issues.push(...checkGoal(config, value));
    } else issues.push({ path: `abandonment.${key}`, message: 'unknown option' });
  }
  return issues;
}

/** The abandonment goal: a micro goal of the config whose props take an abandonment's. */
function checkGoal(config: CairnConfig, id: unknown): Issue[] {
  const path = 'abandonment.goal';
  const goal = typeof id === 'string' && isObject(config.goals) && Object.prototype.hasOwnProperty.call(config.goals, id) ? config.goals[id] : undefined;
  if (!goal) return [{ path, message: `expected the id of a goal of the config, received ${JSON.stringify(id)}` }];
  if (goal.kind !== 'micro') return [{ path, message: `"${String(id)}" must be a micro goal` }];
  const props = goal.props;
  const missing = isObject(props) && !('~standard' in props) ? Object.keys(ABANDONMENT_PROPS).filter((name) => !(name in props)) : [];
  return missing.length ? [{ path, message: `"${String(id)}" must declare the props ${missing.join(', ')}` }] : [];
}
