// The shop's own code: a cart in localStorage. Tracking is declared in cairn.config.json, except the
// purchase, which the page reports with a typed call once the order is placed.
(function () {
  var CART = 'shop:cart';
  var read = function () { try { return JSON.parse(localStorage.getItem(CART)) || []; } catch (e) { return []; } };
  var write = function (lines) { localStorage.setItem(CART, JSON.stringify(lines)); };
  var count = document.getElementById('cart-count');
  if (count) count.textContent = String(read().length);

  var add = document.querySelector('[data-add-to-cart]');
  if (add) add.addEventListener('click', function () {
    var lines = read();
    lines.push({ sku: add.dataset.sku, price: Number(add.dataset.price), size: document.getElementById('size').value });
    write(lines);
    count.textContent = String(lines.length);
  });

  var newsletter = document.getElementById('newsletter');
  if (newsletter) newsletter.addEventListener('submit', function (event) {
    event.preventDefault();
    document.getElementById('newsletter-thanks').hidden = false;
  });

  var enquiry = document.getElementById('enquiry');
  if (enquiry) enquiry.addEventListener('submit', function (event) {
    event.preventDefault();
    document.getElementById('enquiry-thanks').hidden = false;
  });

  var query = document.querySelector('.search input');
  var term = new URLSearchParams(location.search).get('q');
  if (query && term) query.value = term;

  var list = document.getElementById('cart-lines');
  if (list) {
    var lines = read();
    var total = 0;
    lines.forEach(function (line) {
      var li = document.createElement('li');
      li.textContent = line.sku + ' (' + line.size + ') €' + line.price.toFixed(2);
      list.appendChild(li);
      total += line.price;
    });
    document.getElementById('cart-total').textContent = '€' + total.toFixed(2);
    document.getElementById('order').addEventListener('submit', function (event) {
      event.preventDefault();
      var orderId = 'A-' + Date.now().toString(36).toUpperCase();
      window.cairn('track', 'purchase', { order_id: orderId, total: Math.round(total * 100) / 100, items: lines.length });
      write([]);
      location.assign('/thank-you.html?order=' + encodeURIComponent(orderId));
    });
  }
})();
