/*
 * Signal PME chat widget. Plain JavaScript, no build step, no dependency.
 *
 * Mounts itself in <div id="signalpme-chat" data-signalpme-api="https://host"></div>
 * (empty data-signalpme-api: same origin). Every text, from the bot or the user, is
 * inserted with textContent, never as HTML. The conversation secret (64 random hex
 * digits) is kept in sessionStorage only, so that a reload in the same tab shows the
 * conversation again; it is sent in request bodies only, never in a URL. The server derives
 * the conversation id from it with a keyed hash: staff never see the secret.
 */
(function () {
  "use strict";

  var SECRET_KEY = "signalpme.secret";
  var GREET = "/greet";
  var REQUEST_TIMEOUT_MS = 45000;
  var TEXT = {
    log: "Conversation avec l'assistant Signal PME",
    bot: "Signal PME\u00a0: ",
    you: "Vous\u00a0: ",
    choices: "Réponses proposées",
    label: "Votre message",
    hint: "Entrée pour envoyer, Maj + Entrée pour aller à la ligne.",
    send: "Envoyer",
    typing: "L'assistant rédige sa réponse…",
    restart: "Nouveau signalement",
    confirmRestart:
      "Commencer un nouveau signalement\u00a0? La conversation en cours ne sera plus affichée.",
    confirmYes: "Oui, recommencer",
    confirmNo: "Annuler",
    retry: "Réessayer",
    unavailable:
      "Le service ne répond pas pour le moment. Votre message n'a pas été envoyé\u00a0: " +
      "il est resté dans la zone de saisie, vous pourrez le renvoyer dans quelques instants.",
    loadFailed:
      "Le service ne répond pas pour le moment. Réessayez dans quelques instants.",
    empty: "Votre message est vide. Écrivez quelques mots ou choisissez une réponse.",
    tooLong: function (max) {
      return (
        "Votre message est trop long (plus de " + formatNumber(max) + " caractères). " +
        "Merci de le raccourcir ou de l'envoyer en plusieurs fois."
      );
    },
    newWindow: " (nouvelle fenêtre)",
    receipt: "Télécharger le récépissé (PDF)",
    receiptBusy: "Préparation du récépissé…",
    receiptDone: "Le récépissé a été téléchargé.",
    receiptExpired:
      "Le lien a expiré\u00a0: demandez un nouveau récépissé en revenant avec votre code de suivi.",
    receiptFailed:
      "Le récépissé n'a pas pu être téléchargé. Réessayez dans quelques instants.",
  };
  var RECEIPT_FILE = "recepisse.pdf";
  var RECEIPT_URL_LIFETIME_MS = 10000;

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  function charCount(text) {
    return Array.from(text).length;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---------- conversation secret ---------- */

  var memoryStore = {};
  var store = {
    get: function (key) {
      try {
        return window.sessionStorage.getItem(key);
      } catch (e) {
        return memoryStore[key] || null;
      }
    },
    set: function (key, value) {
      try {
        window.sessionStorage.setItem(key, value);
      } catch (e) {
        memoryStore[key] = value;
      }
    },
  };

  function randomSecret() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  /* ---------- safe rich text: links and **bold**, built with DOM nodes ---------- */

  var TOKEN = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]+)|\*\*([^*\n]+)\*\*/g;

  function safeUrl(raw) {
    try {
      var url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(label, raw) {
    var href = safeUrl(raw);
    if (!href) return document.createTextNode(label);
    var a = el("a", "spme-link", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(el("span", "spme-sr", TEXT.newWindow));
    return a;
  }

  function renderText(parent, text) {
    var last = 0;
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      var trailing = "";
      var bare = match[3];
      if (bare) {
        var cut = bare.match(/[.,;:!?)»]+$/);
        if (cut) {
          trailing = cut[0];
          bare = bare.slice(0, -trailing.length);
        }
      }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1]) parent.appendChild(link(match[1], match[2]));
      else if (bare) parent.appendChild(link(bare, bare));
      else parent.appendChild(el("strong", "", match[4]));
      if (trailing) parent.appendChild(document.createTextNode(trailing));
      last = TOKEN.lastIndex;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* ---------- the widget ---------- */

  function Chat(container) {
    this.container = container;
    this.api = (container.getAttribute("data-signalpme-api") || "").replace(/\/+$/, "");
    this.maxChars = parseInt(container.getAttribute("data-max-chars"), 10) || 20000;
    this.busy = false;
    this.generation = 0;
    this.build();
    this.start();
  }

  Chat.prototype.build = function () {
    var self = this;
    var root = el("div", "spme");

    var toolbar = el("div", "spme-toolbar");
    this.restartButton = el("button", "spme-btn spme-btn--secondary", TEXT.restart);
    this.restartButton.type = "button";
    this.restartButton.addEventListener("click", function () {
      self.askRestart();
    });
    toolbar.appendChild(this.restartButton);

    this.confirmBox = el("div", "spme-confirm");
    this.confirmBox.hidden = true;
    this.confirmBox.appendChild(el("p", "spme-confirm__text", TEXT.confirmRestart));
    var yes = el("button", "spme-btn", TEXT.confirmYes);
    yes.type = "button";
    yes.addEventListener("click", function () {
      self.restart();
    });
    var no = el("button", "spme-btn spme-btn--secondary", TEXT.confirmNo);
    no.type = "button";
    no.addEventListener("click", function () {
      self.confirmBox.hidden = true;
      self.restartButton.focus();
    });
    this.confirmBox.appendChild(yes);
    this.confirmBox.appendChild(no);
    this.confirmYes = yes;

    this.log = el("div", "spme-log");
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-relevant", "additions");
    this.log.setAttribute("aria-label", TEXT.log);
    this.log.tabIndex = 0;

    this.typing = el("div", "spme-typing");
    this.typing.setAttribute("role", "status");
    this.typingDots = el("span", "spme-typing__dots");
    this.typingDots.setAttribute("aria-hidden", "true");
    for (var i = 0; i < 3; i++) this.typingDots.appendChild(el("span", "spme-typing__dot"));
    this.typingText = el("span", "spme-sr");
    this.typing.appendChild(this.typingDots);
    this.typing.appendChild(this.typingText);
    this.typingDots.hidden = true;

    var form = el("form", "spme-form");
    form.noValidate = true;
    var label = el("label", "spme-label", TEXT.label);
    label.htmlFor = "spme-input";
    this.input = el("textarea", "spme-input");
    this.input.id = "spme-input";
    this.input.name = "message";
    this.input.rows = 2;
    this.input.setAttribute("aria-describedby", "spme-hint");
    this.input.setAttribute("autocomplete", "off");
    this.hint = el("p", "spme-hint", TEXT.hint);
    this.hint.id = "spme-hint";
    this.sendButton = el("button", "spme-btn spme-send", TEXT.send);
    this.sendButton.type = "submit";
    var row = el("div", "spme-form__row");
    row.appendChild(this.input);
    row.appendChild(this.sendButton);
    form.appendChild(label);
    form.appendChild(row);
    form.appendChild(this.hint);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submitInput();
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.submitInput();
      }
    });
    this.input.addEventListener("input", function () {
      var over = charCount(self.input.value) > self.maxChars;
      self.hint.textContent = over ? TEXT.tooLong(self.maxChars) : TEXT.hint;
      self.hint.classList.toggle("spme-hint--error", over);
    });

    root.appendChild(toolbar);
    root.appendChild(this.confirmBox);
    root.appendChild(this.log);
    root.appendChild(this.typing);
    root.appendChild(form);
    this.container.textContent = "";
    this.container.appendChild(root);
  };

  Chat.prototype.url = function (path) {
    return this.api + path;
  };

  Chat.prototype.request = function (method, path, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller
      ? setTimeout(function () {
          controller.abort();
        }, REQUEST_TIMEOUT_MS)
      : null;
    var options = {
      method: method,
      headers: { Accept: "application/json" },
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    };
    if (controller) options.signal = controller.signal;
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(this.url(path), options)
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            if (!response.ok || !Array.isArray(data)) {
              var error = new Error("HTTP " + response.status);
              error.userMessage = data && typeof data.error === "string" ? data.error : null;
              error.status = response.status;
              throw error;
            }
            return data;
          });
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  };

  /* ---------- rendering ---------- */

  Chat.prototype.append = function (message, active) {
    var fromUser = message.from === "user";
    var item = el("div", "spme-msg " + (fromUser ? "spme-msg--user" : "spme-msg--bot"));
    if (message.from === "error") item.className = "spme-msg spme-msg--error";
    var bubble = el("p", "spme-msg__text");
    bubble.appendChild(el("span", "spme-sr", fromUser ? TEXT.you : TEXT.bot));
    if (fromUser) bubble.appendChild(document.createTextNode(message.text || ""));
    else renderText(bubble, message.text || "");
    if (message.text) item.appendChild(bubble);
    var buttons = Array.isArray(message.buttons) ? message.buttons : [];
    if (buttons.length) item.appendChild(this.buttonGroup(buttons, active));
    if (!fromUser && typeof message.receipt === "string" && message.receipt) {
      item.appendChild(this.receiptBox(message.receipt));
    }
    this.log.appendChild(item);
    return item;
  };

  /* ---------- PDF receipt: POST the token with the tab's secret, save the answer ---------- */

  Chat.prototype.receiptBox = function (token) {
    var self = this;
    var box = el("div", "spme-receipt");
    var button = el("button", "spme-btn spme-btn--secondary spme-receipt__button", TEXT.receipt);
    button.type = "button";
    var status = el("p", "spme-receipt__status");
    status.setAttribute("role", "status");
    function show(text, isError) {
      status.className = "spme-receipt__status" + (isError ? " spme-receipt__status--error" : "");
      status.textContent = text;
      if (status.scrollIntoView) status.scrollIntoView({ block: "nearest" });
    }
    button.addEventListener("click", function () {
      if (button.disabled) return;
      button.disabled = true;
      show(TEXT.receiptBusy, false);
      self
        .downloadReceipt(token)
        .then(function () {
          show(TEXT.receiptDone, false);
        })
        .catch(function (error) {
          if (error && error.status === 410) show(TEXT.receiptExpired, true);
          else show((error && error.userMessage) || TEXT.receiptFailed, true);
        })
        .finally(function () {
          button.disabled = false;
        });
    });
    box.appendChild(button);
    box.appendChild(status);
    return box;
  };

  function receiptFileName(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = header.match(/filename="([A-Za-z0-9._-]+\.pdf)"/);
    return match ? match[1] : RECEIPT_FILE;
  }

  Chat.prototype.downloadReceipt = function (token) {
    var options = {
      method: "POST",
      headers: { Accept: "application/pdf, application/json", "Content-Type": "application/json" },
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      body: JSON.stringify({ secret: this.secret, token: token }),
    };
    return fetch(this.url("/api/receipt"), options).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/pdf") !== 0) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            var error = new Error("HTTP " + response.status);
            error.status = response.status;
            error.userMessage = data && typeof data.error === "string" ? data.error : null;
            throw error;
          });
      }
      var name = receiptFileName(response);
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = name;
        a.hidden = true;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, RECEIPT_URL_LIFETIME_MS);
      });
    });
  };

  Chat.prototype.buttonGroup = function (buttons, active) {
    var self = this;
    var group = el("div", "spme-choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", TEXT.choices);
    buttons.forEach(function (button) {
      var node = el("button", "spme-btn spme-choice", String(button.title || ""));
      node.type = "button";
      node.disabled = !active;
      node.addEventListener("click", function () {
        if (self.busy || node.disabled) return;
        self.send(String(button.payload || button.title || ""), String(button.title || ""), {
          fromButtons: group,
        });
      });
      group.appendChild(node);
    });
    return group;
  };

  Chat.prototype.disableChoices = function () {
    var nodes = this.log.querySelectorAll(".spme-choice");
    for (var i = 0; i < nodes.length; i++) nodes[i].disabled = true;
  };

  Chat.prototype.showError = function (text, retry) {
    var self = this;
    var item = this.append({ from: "error", text: text, buttons: [] }, false);
    if (retry) {
      var button = el("button", "spme-btn spme-btn--secondary", TEXT.retry);
      button.type = "button";
      button.addEventListener("click", function () {
        item.remove();
        retry.call(self);
      });
      item.appendChild(button);
    }
    this.scrollTo(item);
    return item;
  };

  /* Show new messages from the first one: its top inside the log, whatever the page's
     layout (offsetTop depends on the offsetParent, the log's own scroll does not). */
  Chat.prototype.scrollTo = function (first) {
    var log = this.log;
    var top =
      first.getBoundingClientRect().top - log.getBoundingClientRect().top -
      log.clientTop + log.scrollTop;
    var tall = log.scrollHeight - top > log.clientHeight;
    log.scrollTop = tall ? top : log.scrollHeight;
  };

  Chat.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.sendButton.disabled = busy;
    this.typingDots.hidden = !busy;
    this.typingText.textContent = busy ? TEXT.typing : "";
    this.log.setAttribute("aria-busy", busy ? "true" : "false");
  };

  /* ---------- conversation ---------- */

  Chat.prototype.start = function () {
    this.secret = store.get(SECRET_KEY);
    if (!this.secret) {
      this.secret = randomSecret();
      store.set(SECRET_KEY, this.secret);
      this.greet();
      return;
    }
    this.loadHistory();
  };

  Chat.prototype.greet = function () {
    this.send(GREET, null, { silent: true });
  };

  Chat.prototype.loadHistory = function () {
    var self = this;
    this.setBusy(true);
    var generation = this.generation;
    this.request("POST", "/api/history", { secret: this.secret })
      .then(function (messages) {
        if (generation !== self.generation) return;
        self.setBusy(false);
        if (!messages.length) {
          self.greet();
          return;
        }
        var lastUser = -1;
        messages.forEach(function (m, i) {
          if (m.from === "user") lastUser = i;
        });
        messages.forEach(function (m, i) {
          self.append(m, i > lastUser);
        });
        self.log.scrollTop = self.log.scrollHeight;
      })
      .catch(function () {
        if (generation !== self.generation) return;
        self.setBusy(false);
        self.showError(TEXT.loadFailed, self.loadHistory);
      });
  };

  Chat.prototype.submitInput = function () {
    if (this.busy) return;
    var text = this.input.value;
    if (!text.trim()) {
      this.showError(TEXT.empty);
      this.input.focus();
      return;
    }
    if (charCount(text) > this.maxChars) {
      this.showError(TEXT.tooLong(this.maxChars));
      this.input.focus();
      return;
    }
    this.send(text, text, { fromInput: true });
  };

  Chat.prototype.send = function (payload, shown, options) {
    var self = this;
    options = options || {};
    if (this.busy) return;
    var userItem = null;
    if (!options.silent) userItem = this.append({ from: "user", text: shown, buttons: [] });
    var focusWasOnChoice = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".spme-choices") !== null
      : false;
    this.disableChoices();
    if (options.fromInput) this.input.value = "";
    if (focusWasOnChoice) this.input.focus();
    if (userItem) this.scrollTo(userItem);
    this.setBusy(true);
    var generation = this.generation;
    this.request("POST", "/api/chat", { secret: this.secret, message: payload })
      .then(function (messages) {
        if (generation !== self.generation) return;
        self.setBusy(false);
        var first = null;
        messages.forEach(function (m) {
          var item = self.append(m, true);
          first = first || item;
        });
        if (first) self.scrollTo(first);
      })
      .catch(function (error) {
        if (generation !== self.generation) return;
        self.setBusy(false);
        if (userItem) userItem.remove();
        if (options.fromInput && !self.input.value) self.input.value = payload;
        if (options.fromButtons) {
          var nodes = options.fromButtons.querySelectorAll(".spme-choice");
          for (var i = 0; i < nodes.length; i++) nodes[i].disabled = false;
        }
        var invalid = error && (error.status === 400 || error.status === 429) && error.userMessage;
        if (invalid) {
          self.showError(error.userMessage);
        } else if (options.silent) {
          self.showError(TEXT.loadFailed, self.greet);
        } else {
          self.showError(TEXT.unavailable);
        }
      });
  };

  Chat.prototype.askRestart = function () {
    if (!this.log.querySelector(".spme-msg--user")) {
      this.restart();
      return;
    }
    this.confirmBox.hidden = false;
    this.confirmYes.focus();
  };

  Chat.prototype.restart = function () {
    this.confirmBox.hidden = true;
    this.generation += 1;
    this.secret = randomSecret();
    store.set(SECRET_KEY, this.secret);
    this.log.textContent = "";
    this.input.value = "";
    this.setBusy(false);
    this.input.focus();
    this.greet();
  };

  function mount() {
    var container = document.getElementById("signalpme-chat");
    if (!container || container.getAttribute("data-spme-mounted")) return;
    container.setAttribute("data-spme-mounted", "true");
    new Chat(container);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
