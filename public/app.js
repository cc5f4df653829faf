/* tablebot web chat page: connects Bot Framework Web Chat to tablebot's Direct Line (local or Azure). */
/* global document, window, fetch, navigator, URLSearchParams */
(function () {
  'use strict';

  var root = document.getElementById('webchat');
  var status = document.getElementById('status');
  var chips = Array.prototype.slice.call(document.querySelectorAll('.chip[data-question]'));

  function showStatus(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function setChipsEnabled(enabled) {
    chips.forEach(function (chip) {
      chip.disabled = !enabled;
    });
  }

  async function fetchConnection() {
    var response = await fetch('/api/directline/token', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      var body = await response.json().catch(function () {
        return {};
      });
      throw new Error(body.message || 'The chat service answered ' + response.status + '.');
    }
    return response.json();
  }

  async function start() {
    if (!window.WebChat) {
      showStatus('The chat widget could not be loaded.');
      return;
    }
    var connection = await fetchConnection();
    var params = new URLSearchParams(window.location.search);
    var domain = connection.domain || window.location.origin + '/v3/directline';
    var directLine = window.WebChat.createDirectLine({
      token: connection.token,
      domain: domain,
      webSocket: params.get('transport') === 'polling' ? false : connection.webSocket !== false,
    });

    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
            setChipsEnabled(true);
            showStatus('');
          } else if (action.type === 'DIRECT_LINE/CONNECT_REJECTED') {
            showStatus('Could not connect to tablebot. Reload the page to try again.');
          }
          return next(action);
        };
      };
    });

    chips.forEach(function (chip) {
      chip.addEventListener('click', function () {
        store.dispatch({
          type: 'WEB_CHAT/SEND_MESSAGE',
          payload: { text: chip.getAttribute('data-question') },
        });
        var input = root.querySelector('[data-id="webchat-sendbox-input"]');
        if (input) input.focus();
      });
    });

    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        userID: connection.userId,
        username: 'You',
        locale: navigator.language || 'en-US',
        styleOptions: {
          accent: '#2563eb',
          primaryFont: "'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif",
          backgroundColor: '#ffffff',
          bubbleBackground: '#f1f5f9',
          bubbleBorderWidth: 0,
          bubbleBorderRadius: 12,
          bubbleFromUserBackground: '#2563eb',
          bubbleFromUserTextColor: '#ffffff',
          bubbleFromUserBorderWidth: 0,
          bubbleFromUserBorderRadius: 12,
          bubbleMaxWidth: 720,
          botAvatarInitials: 'tb',
          botAvatarBackgroundColor: '#0f172a',
          userAvatarInitials: 'you',
          userAvatarBackgroundColor: '#2563eb',
          hideUploadButton: true,
          sendBoxHeight: 52,
          suggestedActionLayout: 'flow',
          suggestedActionBorderRadius: 16,
          suggestedActionBorderColor: '#c7d7fe',
          suggestedActionTextColor: '#1e40af',
          suggestedActionBackgroundColor: '#eff4ff',
          richCardWrapTitle: true,
        },
      },
      root,
    );
    var sendBox = root.querySelector('[data-id="webchat-sendbox-input"]');
    if (sendBox) sendBox.focus();
  }

  start().catch(function (error) {
    showStatus(error && error.message ? error.message : 'Could not start the chat.');
  });
})();
