import { createTracker, triggers } from 'cairn';
import { config } from './cairn.config';
import { PRODUCTS, productBySku, type Product } from './catalog';

// Pageviews come from the config's `pageview` triggers, which follow history.pushState and
// back/forward; the app itself only calls track() for what a route cannot tell.
const cairn = createTracker(config, { triggers });

type Color = 'sand' | 'slate';
const cart: { product: Product; color: Color }[] = [];
const app = document.getElementById('app')!;
const cartCount = document.getElementById('cart-count')!;

/** Client-side routing: same-origin links marked `data-link` change the URL without a page load. */
function navigate(path: string): void {
  history.pushState(null, '', path);
  render();
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-link]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.pathname);
});
window.addEventListener('popstate', render);

function render(): void {
  const path = location.pathname;
  const product = path.startsWith('/product/') ? productBySku(decodeURIComponent(path.slice(9))) : undefined;
  if (path === '/') home();
  else if (product) productPage(product);
  else if (path === '/cart') cartPage();
  else if (path === '/checkout') checkout();
  else if (path === '/done') done();
  else view('Not found', '<h1>Not found</h1>');
  cartCount.textContent = String(cart.length);
}

function view(title: string, html: string): void {
  document.title = `${title} · Basecamp Store`;
  app.innerHTML = html;
}

const euros = (n: number) => `€${n.toFixed(2)}`;
const total = () => Math.round(cart.reduce((sum, line) => sum + line.product.price, 0) * 100) / 100;

function home(): void {
  const items = PRODUCTS.map((p) => `<li><a data-link href="/product/${p.sku}">${p.name}</a> ${euros(p.price)}</li>`).join('');
  view('Home', `<h1>Basecamp Store</h1><ul id="products">${items}</ul>`);
}

function productPage(product: Product): void {
  const color = (new URLSearchParams(location.search).get('color') as Color | null) ?? 'sand';
  view(
    product.name,
    `<h1>${product.name}</h1><p class="price">${euros(product.price)}</p>
     <label>Color <select id="color"><option value="sand">Sand</option><option value="slate">Slate</option></select></label>
     <button id="add">Add to cart</button> <a data-link href="/cart">View cart</a>`,
  );
  const select = document.getElementById('color') as HTMLSelectElement;
  select.value = color;
  // The color lives in the URL so the page can be shared; replaceState is not a new page.
  select.addEventListener('change', () => history.replaceState(null, '', `?color=${select.value}`));
  document.getElementById('add')!.addEventListener('click', () => {
    const picked = select.value as Color;
    cart.push({ product, color: picked });
    cartCount.textContent = String(cart.length);
    cairn.track('add_to_cart', { sku: product.sku, price: product.price, color: picked });
  });
}

function cartPage(): void {
  const lines = cart.map((line) => `<li>${line.product.name} (${line.color}) ${euros(line.product.price)}</li>`).join('');
  view('Cart', `<h1>Cart</h1><ul>${lines || '<li>Empty</li>'}</ul><p>Total ${euros(total())}</p><a data-link href="/checkout" id="checkout">Checkout</a>`);
}

function checkout(): void {
  view('Checkout', `<h1>Checkout</h1><p>Total ${euros(total())}</p><form id="order"><button type="submit" id="place-order">Place order</button></form>`);
  document.getElementById('order')!.addEventListener('submit', (event) => {
    event.preventDefault();
    const orderId = `A-${Date.now().toString(36).toUpperCase()}`;
    cairn.track('purchase', { order_id: orderId, total: total(), items: cart.length });
    cart.length = 0;
    navigate(`/done?order=${orderId}`);
  });
}

function done(): void {
  const order = new URLSearchParams(location.search).get('order') ?? '';
  view('Thank you', `<h1>Thank you!</h1><p>Order <strong id="order-id">${order}</strong> is on its way.</p><a data-link href="/">Back to the shop</a>`);
}

render();
