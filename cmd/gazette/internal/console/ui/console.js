// The console's script, loaded before Decap CMS (see cms.html).
//
// 0. The person logged in to the console is Decap's user.
// 1. Every request the page sends to the console that changes something
//    carries the session's CSRF token, which the console requires: Decap's
//    proxy backend sends only JSON, so the token rides in a header added
//    here. A request answered 401 (the session ended) returns to the login.
// 2. The 文號 picker ("docref"): references (amends, repeals, interprets,
//    superseded_by) are chosen from the staff index by a query, never by
//    loading a whole collection.
(function () {
  'use strict';
  window.CMS_MANUAL_INIT = true;
  // The console has logged the person in already: Decap's own login
  // button (its proxy backend has no login) is skipped.
  var who = document.querySelector('meta[name="gazette-user"]');
  if (who) {
    localStorage.setItem('decap-cms-user', JSON.stringify({
      backendName: 'proxy', login: who.getAttribute('content'), name: who.getAttribute('data-display')
    }));
  }
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  var fetchPlain = window.fetch;
  window.fetch = function (input, init) {
    var url = new URL(typeof input === 'string' ? input : input.url, location.href);
    init = init || {};
    var method = (init.method || (typeof input === 'string' ? 'GET' : input.method) || 'GET').toUpperCase();
    if (url.origin === location.origin && method !== 'GET' && method !== 'HEAD') {
      var headers = new Headers(init.headers || {});
      headers.set('X-CSRF-Token', csrf);
      init = Object.assign({}, init, { headers: headers, credentials: 'same-origin' });
    }
    return fetchPlain.call(this, input, init).then(function (res) {
      if (res.status === 401 && url.origin === location.origin) {
        location.href = '/login';
      }
      return res;
    });
  };

  function docrefWidget() {
    var h = window.h;
    var Control = window.createClass({
      getInitialState: function () { return { options: [] }; },
      componentWillUnmount: function () { clearTimeout(this.timer); },
      lookup: function (q) {
        var self = this;
        clearTimeout(this.timer);
        if (!q) { self.setState({ options: [] }); return; }
        this.timer = setTimeout(function () {
          fetch('/api/refs?q=' + encodeURIComponent(q), { credentials: 'same-origin' })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (o) { self.setState({ options: o }); });
        }, 150);
      },
      handle: function (e) {
        this.props.onChange(e.target.value);
        this.lookup(e.target.value);
      },
      render: function () {
        var id = this.props.forID;
        var list = id + '-refs';
        return h('div', {},
          h('input', {
            id: id, type: 'text', className: this.props.classNameWrapper, value: this.props.value || '',
            onChange: this.handle, onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
            list: list, autoComplete: 'off', placeholder: '輸入文號或標題，從列表中選擇'
          }),
          h('datalist', { id: list }, this.state.options.map(function (o) {
            return h('option', { key: o.value, value: o.value }, o.label);
          })));
      }
    });
    var Preview = window.createClass({
      render: function () { return h('span', {}, this.props.value || ''); }
    });
    window.CMS.registerWidget('docref', Control, Preview);
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.CMS) { return; }
    docrefWidget();
    window.CMS.init();
  });
})();
