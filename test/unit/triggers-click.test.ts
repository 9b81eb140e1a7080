// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { $, cleanup, click, mount, start } from './triggers-helpers';

afterEach(cleanup);

describe('click trigger', () => {
  it('fires add_to_cart once for a click on a child of the matched button', () => {
    mount('<button class="buy" data-sku="A1"><span class="label">Add <b>now</b></span></button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);

    click($('.buy b'));

    expect(host.fired).toEqual([{ goal: 'add_to_cart', props: {}, trigger: 'click', coerce: true }]);
  });

  it('fires for a click whose target is a text node', () => {
    mount('<button class="buy">Add</button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);

    click($('.buy').firstChild as Text);

    expect(host.fired.map((f) => f.goal)).toEqual(['add_to_cart']);
  });

  it('fires for a click on an svg icon inside the matched button', () => {
    mount('<button class="buy"><svg><path d="M0 0"></path></svg></button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);

    click($('.buy path'));

    expect(host.fired.map((f) => f.goal)).toEqual(['add_to_cart']);
  });

  it('fires for a click inside an open shadow root', () => {
    mount('<div id="widget"></div>');
    const root = $('#widget').attachShadow({ mode: 'open' });
    const button = document.createElement('button');
    button.className = 'buy';
    button.append('Add');
    root.append(button);
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);

    click(button.firstChild as Text);

    expect(host.fired.map((f) => f.goal)).toEqual(['add_to_cart']);
  });

  it('does not fire for a click outside the selector', () => {
    mount('<button class="buy">Add</button><button class="other">Other</button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);

    click($('.other'));
    click(document.body);

    expect(host.fired).toEqual([]);
  });

  it('maps attr and text props from the matched element, leaving missing attributes out', () => {
    mount(`<button class="buy" data-sku="A1" data-price="19.99">  Add to cart \n </button>`);
    const host = start([
      {
        id: 'add_to_cart',
        triggers: [
          {
            on: 'click',
            selector: '.buy',
            props: { sku: 'attr:data-sku', price: 'attr:data-price', label: 'text', colour: 'attr:data-colour' },
          },
        ],
      },
    ]);

    click($('.buy'));

    expect(host.fired).toEqual([
      { goal: 'add_to_cart', props: { sku: 'A1', price: '19.99', label: 'Add to cart' }, trigger: 'click', coerce: true },
    ]);
  });

  it('caps the text prop at 256 characters', () => {
    mount(`<button class="buy">${'x'.repeat(300)}</button>`);
    const host = start([{ id: 'cta', triggers: [{ on: 'click', selector: '.buy', props: { label: 'text' } }] }]);

    click($('.buy'));

    expect(host.fired[0]?.props.label).toBe('x'.repeat(256));
  });

  it('reads a named field of the clicked button\'s form, and no other field', () => {
    mount(`<form><input name="quantity" value="2"><input name="email" value="a@b.c">
      <button type="button" class="buy">Add</button></form>`);
    const host = start([
      { id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy', props: { qty: 'field:quantity' } }] },
    ]);

    click($('.buy'));

    expect(host.fired[0]?.props).toEqual({ qty: '2' });
  });

  it('fires a goal once per click even when two of its triggers match, and other goals too', () => {
    mount('<div class="card"><button class="buy">Add</button></div>');
    const host = start([
      { id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }, { on: 'click', selector: '.card' }] },
      { id: 'card_click', triggers: [{ on: 'click', selector: '.card' }] },
    ]);

    click($('.buy'));

    expect(host.fired.map((f) => f.goal)).toEqual(['add_to_cart', 'card_click']);
  });

  it('leaves the page\'s own click handling alone', () => {
    mount('<a class="buy" href="#next">Add</a>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);
    let seenByPage = 0;
    const page = () => seenByPage++;
    document.body.addEventListener('click', page);

    const event = click($('.buy'));
    document.body.removeEventListener('click', page);

    expect(event.defaultPrevented).toBe(false);
    expect(seenByPage).toBe(1);
    expect(host.fired).toHaveLength(1);
  });

  it('still counts a click whose propagation the page stops', () => {
    mount('<button class="buy">Add</button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);
    $('.buy').addEventListener('click', (event) => event.stopPropagation());

    click($('.buy'));

    expect(host.fired).toHaveLength(1);
  });
});
