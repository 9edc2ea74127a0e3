/*
 * Signal PME chat widget. Plain JavaScript, no build step, no dependency.
 *
 * Mounts itself in <div id="signalpme-chat" data-signalpme-api="https://host"></div>
 * (empty data-signalpme-api: same origin). Every text, from the bot or the user, is
 * inserted with textContent, never as HTML. The conversation secret (64 random hex
 * digits) is kept in sessionStorage only, so that a reload in the same tab shows the
 * conversation again; it is sent in request bodies only, never in a URL. The server derives
 * the conversation id from it with a keyed hash: staff never see the secret.
 *
 * Layout: the page scrolls, not the conversation; the message form sticks to the bottom of
 * the screen (chat.css). Long bot messages are folded behind "Lire la suite"; the problem
 * list is answered with checkboxes (several problems in one message); a follow-up code gets
 * a "Copier le code" button; each group of answers is one tab stop (arrow keys inside).
 */
(function () {
  "use strict";

  var SECRET_KEY = "signalpme.secret";
  var GREET = "/greet";
  var REQUEST_TIMEOUT_MS = 45000;
  /* The payloads of the problem buttons (domain.yml, utter_ask_problems). A message whose
     buttons all carry one of them is answered with checkboxes: the chosen payloads are sent
     in one message, joined with ", " (the bot reads several problems from such a text). */
  var PROBLEM_PAYLOADS = [
    "Déréférencement",
    "Compte suspendu",
    "Compte fermé",
    "Paiements retenus",
    "Nouveaux frais",
    "Classement",
    "Pas d'interlocuteur",
    "Avis clients",
    "Clauses abusives",
    "Accès aux données",
    "Autre",
  ];
  var PROBLEM_SEPARATOR = ", ";
  /* A bot message taller than FOLD_ABOVE_LINES lines is shown folded to its first six lines
     (chat.css, .spme-msg__text--folded) with a "Lire la suite" button. */
  var FOLD_ABOVE_LINES = 8;
  var RESIZE_DELAY_MS = 150;
  var SCROLL_MARGIN_PX = 8;
  var INPUT_MAX_SHARE = 0.4; // of the window's height, before the field scrolls
  var SKIP_LINK = 'a[href="#spme-input"]';
  var TEXT = {
    log: "Conversation avec l'assistant Signal PME",
    bot: "Signal PME\u00a0: ",
    you: "Vous\u00a0: ",
    choices: "Réponses proposées",
    problemsLegend: "Vos problèmes (plusieurs choix possibles)",
    validate: "Valider",
    noneChosen:
      "Cochez au moins un problème, ou décrivez-le avec vos mots dans le champ de message.",
    readMore: "Lire la suite",
    readLess: "Réduire le message",
    copy: "Copier le code",
    copied: "Code copié",
    copySelected:
      "Le code est sélectionné\u00a0: copiez-le avec Ctrl+C (ou par un appui long sur un " +
      "téléphone).",
    label: "Votre message",
    hint: "Entrée pour envoyer, Maj + Entrée pour aller à la ligne.",
    send: "Envoyer",
    typing: "L'assistant rédige sa réponse…",
    restart: "Nouveau signalement",
    confirmTitle: "Commencer un nouveau signalement\u00a0?",
    confirmRestart:
      "La conversation en cours ne sera plus affichée. Un témoignage déjà enregistré le " +
      "reste.",
    confirmYes: "Oui, recommencer",
    confirmNo: "Non, continuer",
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
  /* every answer control of the log, disabled once answered */
  var ANSWER_CONTROLS = ".spme-choice, .spme-option, .spme-multi__submit";

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

  var lastId = 0;

  function nextId(prefix) {
    lastId += 1;
    return "spme-" + prefix + "-" + lastId;
  }

  /* One tab stop for a group of controls: the arrow keys, Home and End move the focus
     inside it (roving tabindex); Tab leaves it from the control last focused. */
  function rove(container, items) {
    function settle(current) {
      items.forEach(function (item, i) {
        item.tabIndex = i === current ? 0 : -1;
      });
    }
    settle(0);
    container.addEventListener("focusin", function (event) {
      var index = items.indexOf(event.target);
      if (index >= 0) settle(index);
    });
    container.addEventListener("keydown", function (event) {
      var index = items.indexOf(event.target);
      if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var last = items.length - 1;
      var next;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") {
        next = index === last ? 0 : index + 1;
      } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
        next = index === 0 ? last : index - 1;
      } else if (event.key === "Home") {
        next = 0;
      } else if (event.key === "End") {
        next = last;
      } else {
        return;
      }
      event.preventDefault();
      items[next].focus();
    });
  }

  function isProblemList(buttons) {
    return (
      buttons.length > 2 &&
      buttons.every(function (button) {
        return PROBLEM_PAYLOADS.indexOf(String(button.payload || "")) >= 0;
      })
    );
  }

  /* ---------- the follow-up code: to the clipboard, else selected for the user ---------- */

  function selectNode(node) {
    var selection = window.getSelection ? window.getSelection() : null;
    if (!selection) return;
    var range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* Resolves to true when the text is in the clipboard; otherwise it is left selected. */
  function copyText(text, node) {
    function fallback() {
      var copied = false;
      selectNode(node);
      try {
        copied = document.execCommand("copy");
      } catch (e) {
        copied = false;
      }
      return copied;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return fallback();
        }
      );
    }
    return Promise.resolve(fallback());
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

  /* ---------- safe rich text: links, **bold** and follow-up codes, as DOM nodes ---------- */

  /* links, bare addresses, **bold**, follow-up codes (four groups of four symbols of the
     code alphabet, bot/storage/codes.py: no I, L, O, U; a letter among them) and testimony
     references (SP-2026-000042), the last two kept on one line */
  var TOKEN =
    /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"]+)|\*\*([^*\n]+)\*\*|\b([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})\b|\b(SP-\d{4}-\d{6,})\b/g;

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

  /* Appends `text` to `parent`; returns the <code> nodes of the follow-up codes in it. */
  function renderText(parent, text) {
    var codes = [];
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
      else if (match[4]) parent.appendChild(el("strong", "", match[4]));
      else if (match[6]) parent.appendChild(el("span", "spme-nowrap", match[6]));
      else if (/[A-Z]/.test(match[5])) codes.push(parent.appendChild(el("code", "spme-code", match[5])));
      else parent.appendChild(document.createTextNode(match[5]));
      if (trailing) parent.appendChild(document.createTextNode(trailing));
      last = TOKEN.lastIndex;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
    return codes;
  }

  /* ---------- the widget ---------- */

  function Chat(container) {
    this.container = container;
    this.api = (container.getAttribute("data-signalpme-api") || "").replace(/\/+$/, "");
    this.maxChars = parseInt(container.getAttribute("data-max-chars"), 10) || 20000;
    this.busy = false;
    this.generation = 0;
    this.build();
    this.listen();
    this.start();
  }

  Chat.prototype.build = function () {
    var self = this;
    var root = el("div", "spme");
    this.root = root;

    var toolbar = el("div", "spme-toolbar");
    this.restartButton = el("button", "spme-btn spme-btn--tertiary spme-restart", TEXT.restart);
    this.restartButton.type = "button";
    this.restartButton.addEventListener("click", function () {
      self.askRestart();
    });
    toolbar.appendChild(this.restartButton);

    this.buildDialog();

    this.log = el("div", "spme-log");
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-relevant", "additions");
    this.log.setAttribute("aria-label", TEXT.log);

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
    this.form = form;
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
      self.fitInput();
    });

    root.appendChild(toolbar);
    root.appendChild(this.log);
    root.appendChild(this.typing);
    root.appendChild(form);
    root.appendChild(this.dialog);
    this.container.textContent = "";
    this.container.appendChild(root);
  };

  /* The "new report" confirmation: a modal <dialog> whose default button is the safe one
     ("Non, continuer"), so that Enter keeps the conversation; Escape closes it. */
  Chat.prototype.buildDialog = function () {
    var self = this;
    var dialog = el("dialog", "spme-dialog");
    var title = el("p", "spme-dialog__title", TEXT.confirmTitle);
    title.id = nextId("confirmation-titre");
    var text = el("p", "spme-dialog__text", TEXT.confirmRestart);
    text.id = nextId("confirmation-texte");
    dialog.setAttribute("aria-labelledby", title.id);
    dialog.setAttribute("aria-describedby", text.id);
    var actions = el("div", "spme-dialog__actions");
    var no = el("button", "spme-btn", TEXT.confirmNo);
    no.type = "button";
    no.autofocus = true;
    no.addEventListener("click", function () {
      self.closeDialog();
    });
    var yes = el("button", "spme-btn spme-btn--secondary", TEXT.confirmYes);
    yes.type = "button";
    yes.addEventListener("click", function () {
      self.closeDialog(true);
      self.restart();
    });
    actions.appendChild(no);
    actions.appendChild(yes);
    dialog.appendChild(title);
    dialog.appendChild(text);
    dialog.appendChild(actions);
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape: closed here, focus back on the button
      self.closeDialog();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        self.closeDialog();
      }
    });
    this.dialog = dialog;
    this.confirmNo = no;
    this.confirmYes = yes;
  };

  Chat.prototype.openDialog = function () {
    var dialog = this.dialog;
    if (typeof dialog.showModal === "function") {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-modal", "true");
    }
    this.confirmNo.focus();
  };

  Chat.prototype.closeDialog = function (quiet) {
    var dialog = this.dialog;
    if (typeof dialog.close === "function") {
      if (dialog.open) dialog.close();
    } else {
      dialog.removeAttribute("open");
    }
    if (!quiet) this.restartButton.focus();
  };

  /* Page-level behaviour: the skip link to the field, folding again on resize, the
     height of the sticky form (chat.css keeps focused controls out from under it). */
  Chat.prototype.listen = function () {
    var self = this;
    document.addEventListener("click", function (event) {
      var target = event.target;
      if (!target || !target.closest || !target.closest(SKIP_LINK)) return;
      event.preventDefault();
      self.input.focus();
    });
    if (window.location.hash === "#spme-input") this.input.focus();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var items = self.log.querySelectorAll("[data-spme-foldable]");
        for (var i = 0; i < items.length; i++) self.fold(items[i]);
        self.fitInput();
      }, RESIZE_DELAY_MS);
    });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        self.root.style.setProperty("--spme-form-height", self.form.offsetHeight + "px");
      }).observe(this.form);
    }
  };

  /* The field grows with its text up to a share of the window, then scrolls. */
  Chat.prototype.fitInput = function () {
    var input = this.input;
    input.style.height = "";
    var max = Math.max(window.innerHeight * INPUT_MAX_SHARE, input.offsetHeight);
    var wanted = input.scrollHeight + input.offsetHeight - input.clientHeight;
    if (wanted > input.offsetHeight) input.style.height = Math.min(wanted, max) + "px";
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
    var isError = message.from === "error";
    var item = el("div", "spme-msg " + (fromUser ? "spme-msg--user" : "spme-msg--bot"));
    if (isError) item.className = "spme-msg spme-msg--error";
    var bubble = el("p", "spme-msg__text");
    var codes = [];
    bubble.appendChild(el("span", "spme-sr", fromUser ? TEXT.you : TEXT.bot));
    if (fromUser) bubble.appendChild(document.createTextNode(message.text || ""));
    else codes = renderText(bubble, message.text || "");
    if (message.text) item.appendChild(bubble);
    if (codes.length) item.appendChild(this.copyBox(codes[0]));
    var buttons = Array.isArray(message.buttons) ? message.buttons : [];
    if (buttons.length) {
      item.appendChild(
        isProblemList(buttons) ? this.problemChoices(buttons, active) : this.buttonGroup(buttons, active)
      );
    }
    if (!fromUser && typeof message.receipt === "string" && message.receipt) {
      item.appendChild(this.receiptBox(message.receipt));
    }
    this.log.appendChild(item);
    if (!fromUser && !isError && message.text && !codes.length) {
      item.setAttribute("data-spme-foldable", "");
      this.fold(item);
    }
    return item;
  };

  /* ---------- long messages: folded, with a "Lire la suite" button ---------- */

  Chat.prototype.fold = function (item) {
    var bubble = item.querySelector(".spme-msg__text");
    if (!bubble || item.hasAttribute("data-spme-open")) return;
    var toggle = item.querySelector(".spme-more");
    bubble.classList.remove("spme-msg__text--folded");
    var style = window.getComputedStyle(bubble);
    var line = parseFloat(style.lineHeight) || 24;
    var padding = (parseFloat(style.paddingTop) || 0) + (parseFloat(style.paddingBottom) || 0);
    if ((bubble.scrollHeight - padding) / line <= FOLD_ABOVE_LINES + 0.5) {
      if (toggle) toggle.hidden = true;
      return;
    }
    bubble.classList.add("spme-msg__text--folded");
    if (!toggle) {
      toggle = el("button", "spme-btn spme-btn--tertiary spme-more", TEXT.readMore);
      toggle.type = "button";
      if (!bubble.id) bubble.id = nextId("message");
      toggle.setAttribute("aria-controls", bubble.id);
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        bubble.classList.toggle("spme-msg__text--folded", !open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = open ? TEXT.readLess : TEXT.readMore;
        if (open) {
          item.setAttribute("data-spme-open", "");
        } else {
          item.removeAttribute("data-spme-open");
          if (bubble.getBoundingClientRect().top < 0) bubble.scrollIntoView({ block: "start" });
        }
      });
      bubble.parentNode.insertBefore(toggle, bubble.nextSibling);
    }
    toggle.hidden = false;
    toggle.setAttribute("aria-expanded", "false");
    toggle.textContent = TEXT.readMore;
  };

  /* ---------- the follow-up code: kept on one line, with a copy button ---------- */

  Chat.prototype.copyBox = function (codeNode) {
    var code = codeNode.textContent;
    var box = el("div", "spme-copy");
    var button = el("button", "spme-btn spme-btn--secondary spme-copy__button", TEXT.copy);
    button.type = "button";
    var status = el("p", "spme-copy__status");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      status.textContent = "";
      copyText(code, codeNode).then(function (copied) {
        // a moment later, so that a second "Code copié" is announced again
        setTimeout(function () {
          status.textContent = copied ? TEXT.copied : TEXT.copySelected;
        }, 100);
      });
    });
    box.appendChild(button);
    box.appendChild(status);
    return box;
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

  /* ---------- answers: a group of buttons, or the problems' checkboxes ---------- */

  Chat.prototype.buttonGroup = function (buttons, active) {
    var self = this;
    var group = el("div", "spme-choices");
    group.setAttribute("role", "toolbar");
    group.setAttribute("aria-label", TEXT.choices);
    var nodes = buttons.map(function (button) {
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
      return node;
    });
    rove(group, nodes);
    return group;
  };

  Chat.prototype.problemChoices = function (buttons, active) {
    var self = this;
    var box = el("fieldset", "spme-choices spme-multi");
    box.appendChild(el("legend", "spme-multi__legend", TEXT.problemsLegend));
    var list = el("div", "spme-multi__options");
    var inputs = buttons.map(function (button) {
      var row = el("label", "spme-check"); // the whole box is the checkbox's label
      var input = el("input", "spme-check__input spme-option");
      input.type = "checkbox";
      input.value = String(button.payload || button.title || "");
      input.disabled = !active;
      input.setAttribute("data-title", String(button.title || input.value));
      var label = el("span", "spme-check__label", String(button.title || input.value));
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          submit();
        }
      });
      input.addEventListener("change", function () {
        error.textContent = "";
      });
      row.appendChild(input);
      row.appendChild(label);
      list.appendChild(row);
      return input;
    });
    rove(list, inputs);
    var error = el("p", "spme-multi__error");
    error.setAttribute("role", "alert");
    var submitButton = el("button", "spme-btn spme-multi__submit", TEXT.validate);
    submitButton.type = "button";
    submitButton.disabled = !active;
    function submit() {
      if (self.busy || submitButton.disabled) return;
      var chosen = inputs.filter(function (input) {
        return input.checked;
      });
      if (!chosen.length) {
        error.textContent = TEXT.noneChosen;
        return;
      }
      error.textContent = "";
      self.send(
        chosen
          .map(function (input) {
            return input.value;
          })
          .join(PROBLEM_SEPARATOR),
        chosen
          .map(function (input) {
            return input.getAttribute("data-title");
          })
          .join(PROBLEM_SEPARATOR),
        { fromButtons: box }
      );
    }
    submitButton.addEventListener("click", submit);
    box.appendChild(list);
    box.appendChild(error);
    box.appendChild(submitButton);
    return box;
  };

  Chat.prototype.disableChoices = function () {
    var nodes = this.log.querySelectorAll(ANSWER_CONTROLS);
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

  /* Show new messages: the end of the widget (its form) at the bottom of the window, unless
     that hides the top of the first new message, which then goes to the top of the window.
     The page scrolls, never the conversation on its own. */
  Chat.prototype.scrollTo = function (first) {
    var viewport = window.innerHeight || document.documentElement.clientHeight;
    var top = first.getBoundingClientRect().top;
    var bottom = this.root.getBoundingClientRect().bottom;
    var delta =
      top < SCROLL_MARGIN_PX
        ? top - SCROLL_MARGIN_PX
        : Math.max(0, Math.min(bottom - viewport, top - SCROLL_MARGIN_PX));
    if (delta) window.scrollBy(0, delta);
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
        var first = null;
        messages.forEach(function (m, i) {
          var item = self.append(m, i > lastUser);
          if (i > lastUser && !first) first = item;
        });
        if (first && messages.length > 1) self.scrollTo(first);
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
    if (options.fromInput) {
      this.input.value = "";
      this.fitInput();
    }
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
        if (first && !options.silent) self.scrollTo(first);
      })
      .catch(function (error) {
        if (generation !== self.generation) return;
        self.setBusy(false);
        if (userItem) userItem.remove();
        if (options.fromInput && !self.input.value) {
          self.input.value = payload;
          self.fitInput();
        }
        if (options.fromButtons) {
          var nodes = options.fromButtons.querySelectorAll(ANSWER_CONTROLS);
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
    this.openDialog();
  };

  Chat.prototype.restart = function () {
    this.generation += 1;
    this.secret = randomSecret();
    store.set(SECRET_KEY, this.secret);
    this.log.textContent = "";
    this.input.value = "";
    this.fitInput();
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
