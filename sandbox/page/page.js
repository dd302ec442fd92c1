// Sandbox root page: renders what the Teams sink received, the compliance state, cluster posture and open rule requests.
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
  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attributes, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // Draws a Teams Chart.Line element (title, axis titles, yMin/yMax, data[].values of {x, y}) as an SVG line chart,
  // so the page shows the SNAT trend Teams shows rather than the text fallback other hosts get.
  function renderLineChart(chart) {
    var width = 640, height = 220, left = 44, right = 12, top = 12, bottom = 40;
    var series = Array.isArray(chart.data) ? chart.data : [];
    var values = series.reduce(function (all, line) { return all.concat(Array.isArray(line.values) ? line.values : []); }, []);
    var ys = values.map(function (point) { return Number(point.y); }).filter(function (y) { return isFinite(y); });
    var yMin = typeof chart.yMin === 'number' ? chart.yMin : Math.min.apply(null, ys.concat([0]));
    var yMax = typeof chart.yMax === 'number' ? chart.yMax : Math.max.apply(null, ys.concat([1]));
    if (yMax <= yMin) yMax = yMin + 1;
    var plotWidth = width - left - right, plotHeight = height - top - bottom;
    var toY = function (y) { return top + plotHeight - ((Math.min(Math.max(y, yMin), yMax) - yMin) / (yMax - yMin)) * plotHeight; };
    var children = [svg('title', {}, [document.createTextNode(chart.title || 'Line chart')])];
    [yMin, (yMin + yMax) / 2, yMax].forEach(function (tick) {
      children.push(svg('line', { x1: left, x2: width - right, y1: toY(tick), y2: toY(tick), stroke: '#ddd' }));
      var label = svg('text', { x: left - 6, y: toY(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#666' });
      label.textContent = String(Math.round(tick));
      children.push(label);
    });
    var colors = ['#c4314b', '#6264a7', '#498205'];
    series.forEach(function (line, index) {
      var points = (Array.isArray(line.values) ? line.values : []).filter(function (point) { return isFinite(Number(point.y)); });
      var step = points.length > 1 ? plotWidth / (points.length - 1) : 0;
      var coordinates = points.map(function (point, i) { return (left + i * step).toFixed(1) + ',' + toY(Number(point.y)).toFixed(1); });
      children.push(svg('polyline', { points: coordinates.join(' '), fill: 'none', stroke: colors[index % colors.length], 'stroke-width': 2, 'data-legend': line.legend || '' }));
      points.forEach(function (point, i) {
        children.push(svg('circle', { cx: (left + i * step).toFixed(1), cy: toY(Number(point.y)).toFixed(1), r: 2.5, fill: colors[index % colors.length] }, [
          svg('title', {}, [document.createTextNode(String(point.x) + ': ' + String(point.y))]),
        ]));
      });
      if (points.length > 0) {
        [0, points.length - 1].forEach(function (i) {
          var label = svg('text', { x: left + i * step, y: height - bottom + 16, 'text-anchor': i === 0 ? 'start' : 'end', 'font-size': 11, fill: '#666' });
          label.textContent = String(points[i].x);
          children.push(label);
        });
      }
    });
    var axis = svg('text', { x: left + plotWidth / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#666' });
    axis.textContent = (chart.xAxisTitle || '') + (chart.yAxisTitle ? ' / ' + chart.yAxisTitle : '');
    children.push(axis);
    var drawing = svg('svg', { class: 'chart-line', 'data-chart': 'Chart.Line', 'data-points': String(values.length), viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img', 'aria-label': chart.title || 'Line chart' }, children);
    return el('figure', { class: 'chart' }, [el('figcaption', { text: chart.title || '' }), drawing]);
  }

  // Chart.Line is a Teams extension the adaptivecards renderer does not know; registering it replaces its fallback.
  class LineChartElement extends AdaptiveCards.CardElement {
    getJsonTypeName() { return 'Chart.Line'; }
    internalParse(source, context) {
      super.internalParse(source, context);
      this.chart = source;
    }
    internalRender() { return renderLineChart(this.chart || {}); }
  }
  AdaptiveCards.GlobalRegistry.elements.register('Chart.Line', LineChartElement);

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

  // GET /api/posture: one row per cluster, its failing or advised checks with their findings.
  function renderPosture(posture) {
    if (posture === undefined) return;
    if (posture && posture.error) return replaceContent('posture', [el('p', { class: 'card-error', text: posture.error })]);
    var rows = posture && Array.isArray(posture.clusters) ? posture.clusters : null;
    if (!rows) return replaceContent('posture', [fallbackJson(posture)]);
    if (rows.length === 0) return replaceContent('posture', [el('p', { class: 'subtle', text: 'No cluster evaluated yet.' })]);
    replaceContent('posture', [table(['Cluster', 'Status', 'Findings'], rows.map(function (cluster) {
      var findings = (cluster.checks || []).reduce(function (all, check) {
        return all.concat((check.findings || []).map(function (finding) { return finding.code + ': ' + finding.message; }));
      }, []);
      var status = text(cluster.status);
      return el('tr', {}, [
        el('td', { text: text(cluster.clusterName) }),
        el('td', { class: 'state-' + status.toLowerCase().replace(/[^a-z]/g, ''), text: status }),
        el('td', { text: findings.length ? findings.join('; ') : 'none' }),
      ]);
    }))]);
  }

  // Cards Teams did not take: pending ones (with their next try) and those given up after a day.
  function renderTeamsOutbox(outbox) {
    if (outbox === undefined) return;
    if (outbox && outbox.error) return replaceContent('teams-outbox', [el('p', { class: 'card-error', text: outbox.error })]);
    if (!outbox || !Array.isArray(outbox.pending) || !Array.isArray(outbox.givenUp)) return replaceContent('teams-outbox', [fallbackJson(outbox)]);
    var entries = outbox.pending.concat(outbox.givenUp);
    if (entries.length === 0) return replaceContent('teams-outbox', [el('p', { class: 'subtle', text: 'Empty: Teams took every card.' })]);
    replaceContent('teams-outbox', [table(['Card', 'State', 'Tries', 'Next try / given up', 'Last error'], entries.map(function (entry) {
      return el('tr', {}, [
        el('td', { text: text(entry.summary) }),
        el('td', { class: 'state-' + (entry.state === 'given-up' ? 'failed' : 'remediating'), text: text(entry.state) }),
        el('td', { text: text(entry.attempts) }),
        el('td', { text: text(entry.givenUpAt || entry.nextAttemptAt) }),
        el('td', { text: text(entry.lastError) }),
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
        renderPosture(state.posture);
        renderRuleRequests(state.ruleRequests);
        renderTeamsOutbox(state.teamsOutbox);
        document.body.setAttribute('data-loaded', 'true');
        setStatus('updated ' + new Date().toLocaleTimeString());
      })
      .catch(function (error) { setStatus('refresh failed: ' + error); });
  }

  refresh().then(function () {
    setInterval(refresh, (config && config.pollIntervalInMs) || 3000);
  });
})();
