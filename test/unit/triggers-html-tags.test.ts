// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { $, cleanup, click, mount, start, submit } from './triggers-helpers';

afterEach(cleanup);

describe('data-cairn tagging', () => {
  it('fires the tagged goal on click with data-cairn-<prop> values, coerced by the tracker', () => {
    mount('<button data-cairn="add_to_cart" data-cairn-product-id="A1" data-cairn-PRICE="19.99"><i>Add</i></button>');
    const host = start([], { add_to_cart: ['product_id', 'Price'] });

    click($('i'));

    expect(host.fired).toEqual([
      { goal: 'add_to_cart', props: { product_id: 'A1', Price: '19.99' }, trigger: 'html', coerce: true },
    ]);
  });

  it('skips data-cairn-* attributes that name no prop of the goal', () => {
    mount('<button data-cairn="add_to_cart" data-cairn-sku="A1" data-cairn-colour="red">Add</button>');
    const host = start([], { add_to_cart: ['sku'] });

    click($('button'));

    expect(host.fired[0]?.props).toEqual({ sku: 'A1' });
    expect(host.debug).toHaveBeenCalledWith('data-cairn-colour names no prop of the goal');
  });

  it('works for goals that also carry triggers', () => {
    mount('<a data-cairn="contact" data-cairn-channel="email" href="#c">Mail us</a>');
    const host = start([{ id: 'contact', triggers: [{ on: 'time', seconds: 999 }], propNames: ['channel'] }]);

    click($('a'));

    expect(host.fired).toEqual([{ goal: 'contact', props: { channel: 'email' }, trigger: 'html', coerce: true }]);
  });

  it('fires a tagged form on submit, not on a click inside it', () => {
    mount('<form data-cairn="newsletter" data-cairn-list="weekly"><input name="email"><button>Join</button></form>');
    const host = start([], { newsletter: ['list'] });

    click($('input'));
    expect(host.fired).toEqual([]);

    submit($('form'));
    expect(host.fired).toEqual([{ goal: 'newsletter', props: { list: 'weekly' }, trigger: 'html', coerce: true }]);
  });

  it('fires a tagged form once when its submit button is clicked', () => {
    mount('<form data-cairn="newsletter"><input name="email"><button>Join</button></form>');
    const host = start([], { newsletter: [] });
    const stay = (event: Event) => event.preventDefault();
    document.addEventListener('submit', stay);

    click($('button'));
    document.removeEventListener('submit', stay);

    expect(host.fired.map((f) => `${f.goal}/${f.trigger}`)).toEqual(['newsletter/html']);
  });

  it('fires the closest tagged element only', () => {
    mount('<div data-cairn="card_click"><button data-cairn="add_to_cart">Add</button></div>');
    const host = start([], { card_click: [], add_to_cart: [] });

    click($('button'));

    expect(host.fired.map((f) => f.goal)).toEqual(['add_to_cart']);
  });

  it('still fires an unknown goal so that the tracker reports the typo', () => {
    mount('<button data-cairn="add_to_krat" data-cairn-sku="A1">Add</button>');
    const host = start([]);

    click($('button'));

    expect(host.fired).toEqual([{ goal: 'add_to_krat', props: {}, trigger: 'html', coerce: true }]);
  });

  it('ignores an empty data-cairn', () => {
    mount('<button data-cairn=" ">Add</button>');
    const host = start([]);

    click($('button'));

    expect(host.fired).toEqual([]);
  });

  it('fires a goal once when a click trigger and a tag both name it', () => {
    mount('<button class="buy" data-cairn="add_to_cart">Add</button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);

    click($('button'));

    expect(host.fired.map((f) => `${f.goal}/${f.trigger}`)).toEqual(['add_to_cart/click']);
  });
});
