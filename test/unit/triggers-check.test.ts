// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { TriggerConfig } from '../../src/schema/trigger-types';
import { checkTrigger } from '../../src/triggers/check-trigger';

const check = (trigger: unknown) => checkTrigger(trigger as TriggerConfig).map((issue) => `${issue.path}: ${issue.message}`);

describe('checkTrigger', () => {
  it.each([
    [{ on: 'click', selector: 'button.buy' }],
    [{ on: 'submit', selector: 'form', props: { plan: 'field:plan', label: 'text', sku: 'attr:data-sku' } }],
    [{ on: 'pageview', path: '^/blog/\\d+$', match: 'regex' }],
    [{ on: 'media', percent: [25, 50, 75, 100] }],
    [{ on: 'scroll', percent: 90 }],
    [{ on: 'visible', selector: '#pricing', threshold: 0.5, durationMs: 0 }],
    [{ on: 'time', seconds: 30 }],
    [{ on: 'download', extensions: ['pdf', 'ZIP'] }],
    [{ on: 'outbound' }],
    [{ on: 'media', percent: [25, 75], selector: 'iframe.product-video', enableJsApi: true }],
    [{ on: 'search' }],
    [{ on: 'search', params: ['term', 'q'] }],
    [{ on: 'form_start' }],
    [{ on: 'form_abandon', selector: '#enquiry' }],
  ])('accepts %j', (trigger) => {
    expect(check(trigger)).toEqual([]);
  });

  it.each([
    [{ on: 'hover' }, 'on: expected "click" | "submit" | "pageview" | "media" | "scroll" | "visible" | "time" | "download" | "outbound" | "search" | "form_start" | "form_abandon"'],
    [{ on: 'click' }, 'selector: required (string)'],
    [{ on: 'media' }, 'percent: required (list of numbers)'],
    [{ on: 'media', percent: [25, 150] }, 'percent.1: expected a number > 0 and <= 100'],
    [{ on: 'scroll', percent: 0 }, 'percent: expected a number > 0 and <= 100'],
    [{ on: 'visible', selector: 'x', threshold: 2 }, 'threshold: expected a number >= 0 and <= 1'],
    [{ on: 'time', seconds: -1 }, 'seconds: expected a number > 0'],
    [{ on: 'download', extensions: ['.pdf'] }, 'download.extensions.0: expected an extension without the dot'.replace('download.', '')],
    [{ on: 'click', selector: 'a', props: { sku: 'data-sku' } }, 'props.sku: expected "attr:<name>", "field:<name>" or "text"'],
    [{ on: 'outbound', selector: 'a' }, ': unknown key "selector"'],
    [{ on: 'media', percent: [50], enableJsApi: 'yes' }, 'enableJsApi: expected true or false'],
    [{ on: 'search', params: [] }, 'params: expected a non-empty list'],
    [{ on: 'search', params: ['q', ''] }, 'params.1: expected a non-empty string'],
    [{ on: 'form_abandon', selector: 'form[' }, ': invalid CSS selector "form["'],
    [{ on: 'form_start', fields: ['email'] }, ': unknown key "fields"'],
    [{ on: 'click', selector: 'button[' }, ': invalid CSS selector "button["'],
    [{ on: 'pageview', path: '/blog/(', match: 'regex' }, ': invalid regular expression //blog/(/: Unterminated group'],
  ])('rejects %j with its path', (trigger, message) => {
    expect(check(trigger)).toEqual([message]);
  });
});
