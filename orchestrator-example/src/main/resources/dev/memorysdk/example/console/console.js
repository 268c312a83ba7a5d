'use strict';
// The console talks to the JSON API of the same server. Every text that comes from the API (session
// ids, queries, answers, metadata values, error messages) reaches the page through textContent or
// an attribute, never as markup.
(() => {
  const PAGE_SIZE = 20;
  const SVG = 'http://www.w3.org/2000/svg';
  const state = { search: '', offset: 0, selected: null, listRequest: 0, searchTimer: null };
  const $ = (id) => document.getElementById(id);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgElement(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error(body && body.error ? body.error : 'HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    $('status').textContent = '';
    return body;
  }

  function report(error) {
    $('status').textContent = error.message;
  }

  function sessionPath(sessionId) {
    return '/sessions/' + encodeURIComponent(sessionId);
  }

  function time(iso) {
    const node = element('time', 'time', new Date(iso).toLocaleString());
    node.dateTime = iso;
    node.title = iso;
    return node;
  }

  // Sessions: search, paging, selection.
  async function loadSessions() {
    const request = ++state.listRequest;
    const query = new URLSearchParams({ search: state.search, offset: state.offset, limit: PAGE_SIZE });
    const page = await api('/sessions?' + query);
    if (request === state.listRequest) renderSessions(page);
  }

  function renderSessions(page) {
    const items = page.sessions.map((session) => {
      const button = element('button', session.sessionId === state.selected ? 'selected' : '');
      button.type = 'button';
      button.dataset.sessionId = session.sessionId;
      button.append(element('span', 'session-id', session.sessionId),
        element('span', 'session-meta', session.historyLength + ' turns, updated '
          + new Date(session.lastUpdated).toLocaleString()));
      button.addEventListener('click', () => selectSession(session.sessionId).catch(report));
      const item = element('li');
      item.append(button);
      return item;
    });
    $('session-list').replaceChildren(...items);
    $('page-label').textContent = items.length === 0 ? 'No sessions'
      : (page.offset + 1) + '–' + (page.offset + items.length);
    $('page-prev').disabled = page.offset === 0;
    $('page-next').disabled = !page.hasMore;
  }

  async function selectSession(sessionId) {
    state.selected = sessionId;
    if (state.answeredSession !== sessionId) clearAnswer();
    $('ask-session').value = sessionId;
    $('conversation-title').textContent = sessionId;
    for (const button of $('session-list').querySelectorAll('button')) {
      button.classList.toggle('selected', button.dataset.sessionId === sessionId);
    }
    let turns = [];
    try {
      turns = (await api(sessionPath(sessionId) + '/context?limit=1000')).context;
    } catch (error) {
      if (error.status !== 404) throw error;
    }
    if (state.selected === sessionId) renderConversation(turns);
  }

  function bubble(kind, text, timestamp) {
    const node = element('div', 'bubble ' + kind, text);
    node.append(time(timestamp));
    return node;
  }

  function renderConversation(turns) {
    const conversation = $('conversation');
    const bubbles = turns.flatMap((turn) => [bubble('query', turn.query, turn.timestamp),
      bubble('answer', turn.answer, turn.timestamp)]);
    conversation.replaceChildren(...(bubbles.length ? bubbles : [element('p', 'empty', 'No turns stored yet.')]));
    conversation.scrollTop = conversation.scrollHeight;
  }

  // Asking: the answer, and the turns the orchestrator preloaded before answering.
  async function ask(event) {
    event.preventDefault();
    const sessionId = $('ask-session').value;
    const query = $('ask-query').value;
    const submit = $('ask-submit');
    submit.disabled = true;
    $('ask-error').textContent = '';
    try {
      let answer;
      try {
        answer = await api(sessionPath(sessionId) + '/queries', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ query }),
        });
      } catch (error) {
        // Shown beside the form that caused it, not only in the header's corner.
        $('ask-error').textContent = error.message;
        return;
      }
      state.answeredSession = sessionId;
      renderAnswer(answer);
      $('ask-query').value = '';
      await selectSession(sessionId);
      await loadSessions();
    } finally {
      submit.disabled = false;
    }
  }

  function clearAnswer() {
    state.answeredSession = null;
    $('last-answer').replaceChildren(element('p', 'empty', 'Ask a question to see the answer and the context it used.'));
    $('preloaded-title').textContent = 'Preloaded context';
    $('preloaded-context').replaceChildren();
  }

  function renderAnswer(answer) {
    const notes = [answer.stored ? 'stored' : 'not stored',
      answer.memoryAvailable ? 'memory available' : 'memory unavailable'];
    $('last-answer').replaceChildren(element('p', 'answer-text', answer.answer),
      element('p', 'session-meta', answer.sessionId + ': ' + notes.join(', ')));
    $('preloaded-title').textContent = 'Preloaded context: ' + answer.context.length
      + (answer.context.length === 1 ? ' turn' : ' turns');
    $('preloaded-context').replaceChildren(...answer.context.map((turn) => {
      const item = element('li');
      item.append(element('div', 'context-query', 'You: ' + turn.query),
        element('div', 'context-answer', 'Answer: ' + turn.answer), time(turn.timestamp));
      return item;
    }));
  }

  // Analytics: tiles and bar charts drawn as SVG.
  async function loadAnalytics() {
    const query = new URLSearchParams({ days: $('analytics-days').value, metadataKey: $('metadata-key').value });
    const analytics = await api('/analytics?' + query);
    $('tile-active').textContent = analytics.activeSessions.toLocaleString();
    $('tile-sessions').textContent = analytics.storedBytes.sessions.toLocaleString();
    $('tile-history-bytes').textContent = bytes(analytics.storedBytes.historyBytes);
    $('tile-table-bytes').textContent = bytes(analytics.storedBytes.tableBytes);
    barChart($('chart-turns-per-session'), analytics.turnsPerSession.map((row) => row.turns + ' turns'),
      [{ name: 'sessions', values: analytics.turnsPerSession.map((row) => row.sessions) }]);
    barChart($('chart-activity'), analytics.activityPerDay.map((row) => row.day.slice(5)), [
      { name: 'turns', values: analytics.activityPerDay.map((row) => row.turns) },
      { name: 'sessions', values: analytics.activityPerDay.map((row) => row.sessions) }]);
    $('metadata-caption').textContent = 'Most frequent values of metadata "' + analytics.metadataKey + '"';
    barChart($('chart-metadata'), analytics.topMetadataValues.map((row) => row.value),
      [{ name: 'turns', values: analytics.topMetadataValues.map((row) => row.turns) }]);
  }

  function bytes(count) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = count;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
  }

  // One bar per label and series, side by side; each bar's title names its series, label and value.
  function barChart(svg, labels, series) {
    // Drawn at the width it is shown at, so its text keeps its CSS size on a phone instead of shrinking.
    const width = Math.max(280, Math.round(svg.getBoundingClientRect().width) || 640);
    const height = 220, left = 44, right = 8, top = 18, bottom = 28;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.replaceChildren();
    if (labels.length === 0) {
      svg.append(svgElement('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'no-data' },
        'No data in this window'));
      return;
    }
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    const slot = plotWidth / labels.length;
    const barWidth = Math.max(1, (slot * 0.8) / series.length);
    const maxChars = Math.max(3, Math.floor(slot / 6.5));
    const labelEvery = Math.ceil(labels.length / 20);
    svg.append(svgElement('line', { class: 'axis', x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight }),
      svgElement('line', { class: 'axis', x1: left, y1: top, x2: left, y2: top + plotHeight }),
      svgElement('text', { x: left - 4, y: top + 4, 'text-anchor': 'end' }, max.toLocaleString()),
      svgElement('text', { x: left - 4, y: top + plotHeight, 'text-anchor': 'end' }, '0'));
    labels.forEach((label, i) => {
      series.forEach((s, k) => {
        const barHeight = (s.values[i] / max) * plotHeight;
        const bar = svgElement('rect', { class: 'bar series-' + k, x: left + i * slot + slot * 0.1 + k * barWidth,
          y: top + plotHeight - barHeight, width: barWidth, height: barHeight });
        bar.append(svgElement('title', {}, s.name + ', ' + label + ': ' + s.values[i].toLocaleString()));
        svg.append(bar);
      });
      if (i % labelEvery === 0) {
        const text = label.length > maxChars ? label.slice(0, maxChars - 1) + '…' : label;
        svg.append(svgElement('text', { x: left + (i + 0.5) * slot, y: height - bottom + 14, 'text-anchor': 'middle' }, text));
      }
    });
    if (series.length > 1) {
      series.forEach((s, k) => {
        svg.append(svgElement('rect', { class: 'bar series-' + k, x: width - right - 150 + k * 75, y: 2, width: 10, height: 10 }),
          svgElement('text', { x: width - right - 136 + k * 75, y: 11 }, s.name));
      });
    }
  }

  function showView(name) {
    $('view-sessions').hidden = name !== 'sessions';
    $('view-analytics').hidden = name !== 'analytics';
    $('tab-sessions').classList.toggle('active', name === 'sessions');
    $('tab-analytics').classList.toggle('active', name === 'analytics');
    if (name === 'analytics') loadAnalytics().catch(report);
  }

  $('tab-sessions').addEventListener('click', () => showView('sessions'));
  $('tab-analytics').addEventListener('click', () => showView('analytics'));
  $('session-search').addEventListener('input', (event) => {
    clearTimeout(state.searchTimer);
    state.searchTimer = setTimeout(() => {
      state.search = event.target.value;
      state.offset = 0;
      loadSessions().catch(report);
    }, 250);
  });
  $('page-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadSessions().catch(report);
  });
  $('page-next').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    loadSessions().catch(report);
  });
  $('ask-form').addEventListener('submit', (event) => ask(event).catch(report));
  $('analytics-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadAnalytics().catch(report);
  });
  loadSessions().catch(report);
})();
