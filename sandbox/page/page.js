// Sandbox root page: renders what the Teams sink received, the compliance state and open rule requests.
// Plain browser script (no build step); state comes from /_sandbox/page/state.json, polled.
(function () {
  'use strict';

  var markdown = window.markdownit({ html: false, linkify: true });
  // The adaptivecards renderer leaves Markdown alone unless the host processes it, as Teams does.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdown.render(text);
    result.didProcess = true;
  };

  var config = null;
  var renderedMessageIds = '';

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function replaceContent(id, nodes) {
    var target = document.getElementById(id);
    target.replaceChildren.apply(target, nodes);
  }

  function renderCard(content) {
    var card = new AdaptiveCards.AdaptiveCard();
    card.onExecuteAction = function (action) {
      if (action.url) window.open(action.url, '_blank', 'noopener');
    };
    card.parse(content);
    return card.render();
  }

  function renderMessages(messages) {
    var ids = messages.map(function (message) { return message.id; }).join(',');
    if (ids === renderedMessageIds) return; // unchanged: keep scroll position and avoid flicker
    renderedMessageIds = ids;
    document.getElementById('message-count').textContent = '(' + messages.length + ')';
    if (messages.length === 0) return replaceContent('messages', [el('p', { class: 'subtle', text: 'No messages yet.' })]);
    replaceContent('messages', messages.map(function (message) {
      var box = el('div', { class: 'message', 'data-message-id': message.id }, [
        el('div', { class: 'meta subtle', text: message.receivedAt + ' · ' + message.sizeInBytes + ' bytes' }),
      ]);
      (message.payload.attachments || []).forEach(function (attachment) {
        try {
          box.appendChild(renderCard(attachment.content));
        } catch (error) {
          box.appendChild(el('div', { class: 'card-error', text: 'Could not render card: ' + error }));
        }
      });
      return box;
    }));
  }

  // The compliance and rule request shapes belong to the API; accept a bare array or a wrapper object.
  function rowsOf(value) {
    if (Array.isArray(value)) return value;
    if (value && typeof value === 'object') {
      var list = value.items || value.value || value.subnets || value.requests;
      if (Array.isArray(list)) return list;
    }
    return null;
  }

  function text(value) {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map(text).join(', ');
    return value.message || value.code || JSON.stringify(value);
  }

  function table(headers, rows) {
    return el('table', { class: 'data' }, [
      el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', { text: h }); }))]),
      el('tbody', {}, rows),
    ]);
  }

  function fallbackJson(value) {
    return el('pre', { class: 'raw', text: JSON.stringify(value, null, 2) });
  }

  function renderCompliance(compliance) {
    if (compliance && compliance.error) return replaceContent('compliance', [el('p', { class: 'card-error', text: compliance.error })]);
    var rows = rowsOf(compliance);
    if (!rows) return replaceContent('compliance', [fallbackJson(compliance)]);
    if (rows.length === 0) return replaceContent('compliance', [el('p', { class: 'subtle', text: 'No subnets guarded yet.' })]);
    replaceContent('compliance', [table(['Subnet', 'State', 'Findings'], rows.map(function (row) {
      var state = text(row.state || row.compliance || row.status);
      var findings = row.findings;
      return el('tr', {}, [
        el('td', { text: text(row.subnetName || row.subnet || row.name || row.subnetId) }),
        el('td', { class: 'state-' + state.toLowerCase().replace(/[^a-z]/g, ''), text: state }),
        el('td', { text: Array.isArray(findings) ? (findings.length ? findings.map(text).join('; ') : 'none') : text(findings) }),
      ]);
    }))]);
  }

  function isOpen(request) {
    var status = String(request.status || request.state || 'pending').toLowerCase();
    return status === 'pending' || status === 'awaiting-approval' || status === 'awaitingapproval' || status === 'requested';
  }

  function renderRuleRequests(ruleRequests) {
    if (ruleRequests && ruleRequests.error) return replaceContent('rule-requests', [el('p', { class: 'card-error', text: ruleRequests.error })]);
    var rows = rowsOf(ruleRequests);
    if (!rows) return replaceContent('rule-requests', [fallbackJson(ruleRequests)]);
    var open = rows.filter(isOpen);
    if (open.length === 0) return replaceContent('rule-requests', [el('p', { class: 'subtle', text: 'No open requests.' })]);
    replaceContent('rule-requests', [table(['Request', 'Requester', 'FQDNs', 'Status', ''], open.map(function (request) {
      var id = request.id || request.requestId;
      var approve = el('button', { 'data-action': 'approve', 'data-id': id, text: 'Approve' });
      var reject = el('button', { 'data-action': 'reject', 'data-id': id, text: 'Reject' });
      approve.onclick = function () { decide(id, 'approve'); };
      reject.onclick = function () { decide(id, 'reject'); };
      return el('tr', {}, [
        el('td', { text: text(id) }),
        el('td', { text: text(request.requester || request.requestedBy) }),
        el('td', { text: text(request.fqdns) }),
        el('td', { text: text(request.status || 'pending') }),
        el('td', {}, [approve, reject]),
      ]);
    }))]);
  }

  // Calls the real API as a sandbox approver would: App Service puts x-ms-client-principal on signed-in requests.
  function decide(id, verb) {
    var body = {};
    if (verb === 'reject') body.reason = window.prompt('Reason for rejecting?', 'Rejected in the sandbox') || 'Rejected in the sandbox';
    var headers = { 'content-type': 'application/json' };
    if (config.approverClientPrincipal) headers['x-ms-client-principal'] = config.approverClientPrincipal;
    var key = config.functionKeys && config.functionKeys[verb];
    if (key) headers['x-functions-key'] = key;
    var url = config.functionsBaseUrl + '/api/rule-requests/' + encodeURIComponent(id) + '/' + verb;
    var payload = JSON.stringify(body);
    if (!key) {
      // No key on the page (the sandbox never hands one to a browser): decide on the review page's form route, which
      // the approver's identity and this page's same-origin Origin authorise, as in Azure.
      url = config.functionsBaseUrl + '/api/rule-requests/' + encodeURIComponent(id) + '/review';
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({ decision: verb, reason: body.reason || '' }).toString();
    }
    setLastAction(verb + ' ' + id + '…');
    fetch(url, { method: 'POST', headers: headers, body: payload })
      .then(function (response) { return response.text().then(function (t) { setLastAction(verb + ' ' + id + ': HTTP ' + response.status + ' ' + t.slice(0, 200)); }); })
      .catch(function (error) { setLastAction(verb + ' ' + id + ' failed: ' + error); })
      .then(refresh);
  }

  // Kept apart from the poll status so the outcome of a click stays visible.
  function setLastAction(message) {
    document.getElementById('last-action').textContent = message;
  }

  function setStatus(message) {
    document.getElementById('status').textContent = message;
  }

  function refresh() {
    return fetch('/_sandbox/page/state.json', { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        config = state.config;
        renderMessages(state.messages);
        renderCompliance(state.compliance);
        renderRuleRequests(state.ruleRequests);
        document.body.setAttribute('data-loaded', 'true');
        setStatus('updated ' + new Date().toLocaleTimeString());
      })
      .catch(function (error) { setStatus('refresh failed: ' + error); });
  }

  refresh().then(function () {
    setInterval(refresh, (config && config.pollIntervalInMs) || 3000);
  });
})();
