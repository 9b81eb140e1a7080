// The site's own code. Tracking is declared in the config block and the data-cairn attributes,
// except the billing toggle, which reports itself with a call.
(function () {
  var signup = document.getElementById('signup');
  if (signup) signup.addEventListener('submit', function (event) {
    event.preventDefault();
    document.getElementById('signup-thanks').hidden = false;
  });

  document.querySelectorAll('[data-cairn="demo_booked"]').forEach(function (button) {
    button.addEventListener('click', function () {
      document.getElementById('demo-thanks').hidden = false;
    });
  });

  var toggle = document.getElementById('billing-toggle');
  if (toggle) toggle.addEventListener('click', function () {
    var period = toggle.dataset.period === 'monthly' ? 'yearly' : 'monthly';
    toggle.dataset.period = period;
    toggle.textContent = period;
    // cairn.track() exists once the library has loaded; cairn('track', ...) works before that too.
    if (window.cairn.track) window.cairn.track('billing_toggled', { period: period });
    else window.cairn('track', 'billing_toggled', { period: period });
  });
})();
