// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { $, cleanup, click, mount, start } from './triggers-helpers';

// Like a SPA, the page keeps the test on its URL (happy-dom follows links as a browser would).
const stay = (event: Event) => event.preventDefault();
beforeEach(() => document.addEventListener('click', stay));
afterEach(() => {
  document.removeEventListener('click', stay);
  cleanup();
});

describe('download trigger', () => {
  it('fires for a link to a file with a default extension, with the url without its query', () => {
    mount('<a href="/files/Guide.PDF?token=secret#page=2"><span>Guide</span></a>');
    const host = start([{ id: 'whitepaper', triggers: [{ on: 'download' }], propNames: ['url'] }]);

    click($('span'));

    expect(host.fired).toEqual([
      { goal: 'whitepaper', props: { url: 'http://localhost:3000/files/Guide.PDF' }, trigger: 'download', coerce: false },
    ]);
  });

  it('sends no url prop when the goal does not declare one', () => {
    mount('<a href="/files/guide.pdf">Guide</a>');
    const host = start([{ id: 'whitepaper', triggers: [{ on: 'download' }] }]);

    click($('a'));

    expect(host.fired).toEqual([{ goal: 'whitepaper', props: {}, trigger: 'download', coerce: false }]);
  });

  it('uses the configured extensions instead of the default list', () => {
    mount('<a id="sketch" href="/design.fig">Fig</a><a id="pdf" href="/guide.pdf">PDF</a>');
    const host = start([{ id: 'design_file', triggers: [{ on: 'download', extensions: ['.fig'] }] }]);

    click($('#pdf'));
    click($('#sketch'));

    expect(host.fired.map((f) => f.goal)).toEqual(['design_file']);
  });

  it('does not fire for pages, folders or non-links', () => {
    mount('<a id="page" href="/pricing">Pricing</a><a id="dir" href="/files.pdf/">Dir</a><a id="none">No href</a><button>x.pdf</button>');
    const host = start([{ id: 'whitepaper', triggers: [{ on: 'download' }] }]);

    for (const selector of ['#page', '#dir', '#none', 'button']) click($(selector));

    expect(host.fired).toEqual([]);
  });

  it('fires for an svg link with xlink:href', () => {
    mount('<svg><a id="icon"><text>Get</text></a></svg>');
    $('#icon').setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', '/report.xlsx');
    const host = start([{ id: 'report', triggers: [{ on: 'download' }], propNames: ['url'] }]);

    click($('text'));

    expect(host.fired[0]?.props).toEqual({ url: 'http://localhost:3000/report.xlsx' });
  });
});

describe('outbound trigger', () => {
  it('fires for a link to another host, with the url without its query', () => {
    mount('<a href="https://partner.example.org/shop?ref=me">Partner</a>');
    const host = start([{ id: 'partner_click', triggers: [{ on: 'outbound' }], propNames: ['url'] }]);

    click($('a'));

    expect(host.fired).toEqual([
      { goal: 'partner_click', props: { url: 'https://partner.example.org/shop' }, trigger: 'outbound', coerce: false },
    ]);
  });

  it('does not fire for links on the same host, or mailto, tel and javascript links', () => {
    mount(`<a id="same" href="http://localhost:3000/about">About</a><a id="rel" href="/pricing">Pricing</a>
      <a id="port" href="http://localhost:8080/x">Other port</a>
      <a id="mail" href="mailto:hi@example.org">Mail</a><a id="tel" href="tel:+331234">Call</a>
      <a id="js" href="javascript:void(0)">JS</a>`);
    const host = start([{ id: 'partner_click', triggers: [{ on: 'outbound' }] }]);

    for (const selector of ['#same', '#rel', '#port', '#mail', '#tel', '#js']) click($(selector));

    expect(host.fired).toEqual([]);
  });

  it('fires both a download goal and an outbound goal for a file on another host', () => {
    mount('<a href="https://cdn.example.org/guide.pdf">Guide</a>');
    const host = start([
      { id: 'whitepaper', triggers: [{ on: 'download' }] },
      { id: 'partner_click', triggers: [{ on: 'outbound' }] },
    ]);

    click($('a'));

    expect(host.fired.map((f) => `${f.goal}/${f.trigger}`)).toEqual(['whitepaper/download', 'partner_click/outbound']);
  });
});
