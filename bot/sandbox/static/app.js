// Helpline sandbox chat page: acts as a Telegram user through the sandbox control API.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    users: [],
    chats: [],
    userId: null,
    chatId: null,
    topic: "",
    version: -1,
    seenAlerts: null,
    loop: 0,
    controller: null,
    body: null,
    revealed: new Set(),
  };

  // ---- HTTP -------------------------------------------------------------------------------

  async function request(path, body, signal) {
    const init = { signal: signal };
    if (body !== undefined) {
      init.method = "POST";
      init.headers = { "Content-Type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (!response.ok) {
      throw new Error(data.error || "HTTP " + response.status);
    }
    return data;
  }

  // ---- small DOM helpers ------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  let toastTimer = null;
  function toast(text) {
    const box = $("toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, 2500);
  }

  function showAlert(text) {
    $("alert-text").textContent = text;
    $("alert").hidden = false;
  }

  // ---- safe rendering of the server's Telegram-style HTML ---------------------------------
  // The server already emits only allowed tags; this rebuilds the tree from scratch anyway, so
  // nothing but these elements and attributes can ever reach the page.

  const ALLOWED = new Set([
    "B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL",
    "SPAN", "TG-SPOILER", "A", "CODE", "PRE", "BLOCKQUOTE",
  ]);
  const SAFE_HREF = /^(https?|tg|ton|ftp|mailto):/i;

  function copyChildren(source, target, messageId) {
    for (const node of Array.from(source.childNodes)) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.data));
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = node.tagName;
      const isSpoiler = tag === "TG-SPOILER" ||
        (tag === "SPAN" && node.getAttribute("class") === "tg-spoiler");
      if (!ALLOWED.has(tag) || (tag === "SPAN" && !isSpoiler)) {
        copyChildren(node, target, messageId);
        continue;
      }
      let out;
      if (isSpoiler) {
        out = el("span", "tg-spoiler");
        out.title = "Spoiler: click to show";
        if (state.revealed.has(messageId)) out.classList.add("revealed");
        out.addEventListener("click", () => {
          state.revealed.add(messageId);
          out.classList.add("revealed");
        });
      } else if (tag === "A") {
        out = document.createElement("a");
        const href = node.getAttribute("href") || "";
        if (SAFE_HREF.test(href)) {
          out.href = href;
          out.target = "_blank";
          out.rel = "noopener noreferrer";
        }
      } else {
        out = document.createElement(tag.toLowerCase());
        if (tag === "CODE") {
          const cls = node.getAttribute("class") || "";
          if (/^language-[\w+#.-]+$/.test(cls)) out.className = cls;
        }
        if (tag === "BLOCKQUOTE" && node.hasAttribute("expandable")) {
          out.className = "expandable";
          out.addEventListener("click", () => out.classList.toggle("open"));
        }
      }
      copyChildren(node, out, messageId);
      target.appendChild(out);
    }
  }

  // A block element already starts and ends a line; the newline Telegram text has next to it
  // would show as an extra blank line in pre-wrap text.
  function trimAroundBlocks(root) {
    for (const block of Array.from(root.querySelectorAll("pre, blockquote"))) {
      const before = block.previousSibling;
      if (before && before.nodeType === Node.TEXT_NODE && before.data.endsWith("\n")) {
        before.data = before.data.slice(0, -1);
      }
      const after = block.nextSibling;
      if (after && after.nodeType === Node.TEXT_NODE && after.data.startsWith("\n")) {
        after.data = after.data.slice(1);
      }
    }
  }

  function safeHtml(html, messageId) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const holder = document.createElement("div");
    copyChildren(template.content, holder, messageId);
    trimAroundBlocks(holder);
    const fragment = document.createDocumentFragment();
    while (holder.firstChild) fragment.appendChild(holder.firstChild);
    return fragment;
  }

  // ---- rendering --------------------------------------------------------------------------

  function timeOf(unix) {
    const date = new Date(unix * 1000);
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  function humanSize(bytes) {
    if (bytes === null || bytes === undefined) return "";
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  function isGroup() {
    return state.body && state.body.chat && state.body.chat.type !== "private";
  }

  function renderMedia(message, bubble) {
    if (message.photo) {
      const box = el("div", "media");
      const img = document.createElement("img");
      img.src = message.photo.url;
      img.alt = "photo";
      img.width = message.photo.width;
      img.style.height = "auto";
      box.appendChild(img);
      bubble.appendChild(box);
    }
    if (message.document) {
      const link = el("a", "doc");
      link.href = message.document.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.appendChild(el("span", "doc-icon", "\u{1F4C4}"));
      const info = el("span");
      info.appendChild(el("div", "doc-name", message.document.file_name || "document"));
      info.appendChild(el("div", "doc-size", humanSize(message.document.file_size)));
      link.appendChild(info);
      bubble.appendChild(link);
    }
    if (message.sticker) {
      bubble.appendChild(el("div", "sticker", message.sticker.emoji || "\u{1F600}"));
      bubble.classList.add("sticker-bubble");
    }
    if (message.voice) {
      bubble.appendChild(el("div", "voice", "\u{1F3A4} Voice message, " + message.voice.duration + " s"));
    }
    if (message.contact) {
      const c = message.contact;
      bubble.appendChild(el("div", "contact", "\u{1F464} " + c.first_name + " " + c.phone_number));
    }
    if (message.location) {
      const l = message.location;
      bubble.appendChild(el("div", "location", "\u{1F4CD} " + l.latitude.toFixed(5) + ", " + l.longitude.toFixed(5)));
    }
  }

  function renderInlineKeyboard(message) {
    const rows = message.reply_markup && message.reply_markup.inline_keyboard;
    if (!rows || !rows.length) return null;
    const keyboard = el("div", "inline-keyboard");
    for (const row of rows) {
      const line = el("div", "kb-row");
      for (const button of row) {
        let node;
        if (button.url) {
          node = el("a", "kb-url", button.text);
          if (SAFE_HREF.test(button.url)) node.href = button.url;
          node.target = "_blank";
          node.rel = "noopener noreferrer";
        } else {
          node = el("button", "", button.text);
          node.type = "button";
          if (button.callback_data !== undefined) {
            node.dataset.callback = button.callback_data;
            node.addEventListener("click", () => pressButton(message.message_id, button.callback_data));
          } else {
            node.disabled = true;
            node.title = "This kind of button does nothing in the sandbox";
          }
        }
        line.appendChild(node);
      }
      keyboard.appendChild(line);
    }
    return keyboard;
  }

  function renderMessage(message) {
    if (message.kind === "service") {
      const name = message.forum_topic_created ? message.forum_topic_created.name : message.text;
      return el("div", "service", "Topic created: " + name);
    }
    const wrap = el("div", "msg " + (message.from_bot ? "bot" : "user"));
    wrap.dataset.messageId = message.message_id;
    const bubble = el("div", "bubble");
    if (isGroup() && !message.from_bot) {
      bubble.appendChild(el("div", "sender", message.from_name || ""));
    }
    if (message.forwarded) bubble.appendChild(el("div", "forwarded", "Forwarded message"));
    renderMedia(message, bubble);
    const meta = el("span", "meta", (message.edited ? "edited " : "") + timeOf(message.date));
    if (message.html) {
      const text = el("div", "text");
      text.appendChild(safeHtml(message.html, message.message_id));
      text.appendChild(meta);
      bubble.appendChild(text);
    } else {
      bubble.appendChild(meta);
    }
    wrap.appendChild(bubble);
    const keyboard = renderInlineKeyboard(message);
    if (keyboard) wrap.appendChild(keyboard);
    return wrap;
  }

  function renderReplyKeyboard(markup) {
    const box = $("reply-keyboard");
    box.textContent = "";
    const rows = markup && markup.keyboard;
    box.hidden = !rows || !rows.length;
    if (box.hidden) return;
    for (const row of rows) {
      const line = el("div", "kb-row");
      for (const button of row) {
        const node = el("button", "", button.text);
        node.type = "button";
        node.addEventListener("click", () => {
          if (button.request_contact) sendKind("contact");
          else if (button.request_location) sendKind("location");
          else sendText(button.text);
          if (markup.one_time_keyboard) box.hidden = true;
        });
        line.appendChild(node);
      }
      box.appendChild(line);
    }
  }

  let typingTimer = null;
  function renderStatus(body) {
    const status = $("chat-status");
    const action = body.last_action;
    const fresh = action && Date.now() / 1000 - action.at < 5;
    status.textContent = fresh ? action.action.replace(/_/g, " ") + "\u2026" : (isGroup() ? "group" : "bot");
    status.classList.toggle("typing", Boolean(fresh));
    clearTimeout(typingTimer);
    if (fresh) typingTimer = setTimeout(() => renderStatus(state.body), 5000);
  }

  function renderTopics(body) {
    const select = $("topic-select");
    const topics = (body.chat && body.chat.topics) || [];
    select.hidden = !topics.length;
    const current = state.topic;
    select.textContent = "";
    select.appendChild(new Option("All topics", ""));
    for (const topic of topics) {
      select.appendChild(new Option("# " + topic.name, String(topic.message_thread_id)));
    }
    select.value = topics.some((t) => String(t.message_thread_id) === current) ? current : "";
    state.topic = select.value;
  }

  function render(body) {
    const previous = state.body;
    state.body = body;
    state.version = body.version;
    const box = $("messages");
    const nearBottom = !previous || box.scrollHeight - box.scrollTop - box.clientHeight < 60;
    box.textContent = "";
    const chat = body.chat || {};
    const title = chat.type === "private" ? "Helpline" : (chat.title || "Group");
    $("chat-name").textContent = title;
    $("avatar").textContent = Array.from(title)[0] || "?";
    renderTopics(body);
    let shown = 0;
    for (const message of body.messages) {
      if (message.deleted) continue;
      if (state.topic && String(message.message_thread_id) !== state.topic) continue;
      box.appendChild(renderMessage(message));
      shown += 1;
    }
    if (!shown) box.appendChild(el("div", "empty", "No messages yet. Say hello, or send /start."));
    if (nearBottom) box.scrollTop = box.scrollHeight;
    renderReplyKeyboard(body.reply_keyboard);
    const input = $("text");
    input.placeholder = (body.force_reply && body.force_reply.input_field_placeholder) ||
      (body.reply_keyboard && body.reply_keyboard.input_field_placeholder) || "Message";
    renderStatus(body);
    const alerts = body.alerts || [];
    if (state.seenAlerts !== null) {
      for (const alert of alerts.slice(state.seenAlerts)) {
        if (alert.user_id !== undefined && alert.user_id !== state.userId) continue;
        if (alert.show_alert) showAlert(alert.text);
        else toast(alert.text);
      }
    }
    state.seenAlerts = alerts.length;
  }

  // ---- actions ----------------------------------------------------------------------------

  function threadId() {
    return state.topic ? Number(state.topic) : undefined;
  }

  async function postMessage(payload) {
    if (!state.userId || !state.chatId) {
      toast("Create or pick a user first");
      return;
    }
    payload.from_id = state.userId;
    if (threadId() !== undefined) payload.message_thread_id = threadId();
    try {
      await request("/sandbox/chats/" + state.chatId + "/messages", payload);
    } catch (error) {
      toast(error.message);
    }
  }

  function sendText(text) {
    if (!text.trim()) return;
    return postMessage({ kind: "text", text: text });
  }

  function sendKind(kind) {
    return postMessage({ kind: kind });
  }

  async function pressButton(messageId, data) {
    try {
      await request("/sandbox/chats/" + state.chatId + "/callback", {
        from_id: state.userId, message_id: messageId, data: data,
      });
    } catch (error) {
      toast(error.message);
    }
  }

  // ---- chat selection and long polling ----------------------------------------------------

  async function pollLoop(ticket) {
    while (ticket === state.loop) {
      try {
        const body = await request(
          "/sandbox/chats/" + state.chatId + "/wait?after=" + state.version + "&timeout=25",
          undefined,
          state.controller.signal,
        );
        if (ticket !== state.loop) return;
        render(body);
      } catch (error) {
        if (ticket !== state.loop) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function openChat(chatId) {
    if (state.controller) state.controller.abort();
    state.loop += 1;
    state.chatId = chatId;
    state.version = -1;
    state.seenAlerts = null;
    state.body = null;
    state.topic = "";
    state.revealed = new Set();
    $("commands").hidden = true;
    $("attach-menu").hidden = true;
    if (!chatId) return;
    state.controller = new AbortController();
    pollLoop(state.loop);
  }

  function fillChats() {
    const select = $("chat-select");
    select.textContent = "";
    if (state.userId) select.appendChild(new Option("Private chat with the bot", String(state.userId)));
    for (const chat of state.chats) {
      if (chat.type !== "private") select.appendChild(new Option(chat.title || String(chat.id), String(chat.id)));
    }
  }

  async function loadDirectory() {
    const [users, chats] = await Promise.all([request("/sandbox/users"), request("/sandbox/chats")]);
    state.users = users.users;
    state.chats = chats.chats;
    const select = $("user-select");
    select.textContent = "";
    for (const user of state.users) {
      const label = user.first_name + (user.language_code ? " (" + user.language_code + ")" : "") +
        (user.blocked ? " \u2014 blocked the bot" : "");
      select.appendChild(new Option(label, String(user.id)));
    }
    if (!state.users.length) select.appendChild(new Option("no users yet", ""));
  }

  function selectUser(userId) {
    state.userId = userId;
    $("user-select").value = userId ? String(userId) : "";
    fillChats();
    if (userId) {
      try { localStorage.setItem("sandbox.user", String(userId)); } catch (error) { /* private mode */ }
    }
    openChat(userId);
  }

  // ---- commands menu ----------------------------------------------------------------------

  function pickCommands(entries, language, chatId, isPrivate) {
    const scopes = [
      (s) => s.type === "chat" && s.chat_id === chatId,
      (s) => s.type === (isPrivate ? "all_private_chats" : "all_group_chats"),
      (s) => s.type === "default",
    ];
    for (const matches of scopes) {
      for (const lang of [language || "", ""]) {
        const found = entries.find((e) => matches(e.scope) && e.language_code === lang);
        if (found) return found.commands;
      }
    }
    return [];
  }

  async function toggleCommands() {
    const box = $("commands");
    if (!box.hidden) {
      box.hidden = true;
      return;
    }
    $("attach-menu").hidden = true;
    let entries = [];
    try {
      entries = (await request("/sandbox/commands")).commands;
    } catch (error) {
      toast(error.message);
    }
    const user = state.users.find((u) => u.id === state.userId) || {};
    const commands = pickCommands(entries, user.language_code, state.chatId, !isGroup());
    box.textContent = "";
    if (!commands.length) box.appendChild(el("div", "empty", "The bot has set no commands."));
    for (const command of commands) {
      const button = el("button");
      button.type = "button";
      button.appendChild(el("span", "cmd", "/" + command.command));
      button.appendChild(document.createTextNode(command.description));
      button.addEventListener("click", () => {
        box.hidden = true;
        sendText("/" + command.command);
      });
      box.appendChild(button);
    }
    box.hidden = false;
  }

  // ---- wiring -----------------------------------------------------------------------------

  function wire() {
    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("text");
      const text = input.value;
      input.value = "";
      sendText(text);
    });
    $("sticker-btn").addEventListener("click", () => sendKind("sticker"));
    $("attach-btn").addEventListener("click", () => {
      $("commands").hidden = true;
      $("attach-menu").hidden = !$("attach-menu").hidden;
    });
    for (const button of $("attach-menu").querySelectorAll("button[data-kind]")) {
      button.addEventListener("click", () => {
        $("attach-menu").hidden = true;
        sendKind(button.dataset.kind);
      });
    }
    $("menu-btn").addEventListener("click", toggleCommands);
    $("alert-ok").addEventListener("click", () => { $("alert").hidden = true; });
    $("user-select").addEventListener("change", (event) => {
      const id = Number(event.target.value);
      selectUser(id || null);
    });
    $("chat-select").addEventListener("change", (event) => openChat(Number(event.target.value)));
    $("topic-select").addEventListener("change", (event) => {
      state.topic = event.target.value;
      if (state.body) render(state.body);
    });
    $("new-user").addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = $("new-name").value.trim();
      if (!name) {
        $("new-name").focus();
        return;
      }
      try {
        const created = await request("/sandbox/users", {
          first_name: name, language_code: $("new-lang").value,
        });
        $("new-name").value = "";
        await loadDirectory();
        selectUser(created.user.id);
        $("text").focus();
      } catch (error) {
        toast(error.message);
      }
    });
  }

  async function start() {
    wire();
    try {
      await loadDirectory();
    } catch (error) {
      toast("Sandbox unreachable: " + error.message);
      return;
    }
    let saved = null;
    try { saved = Number(localStorage.getItem("sandbox.user")); } catch (error) { saved = null; }
    const known = state.users.find((u) => u.id === saved) || state.users[0];
    if (known) selectUser(known.id);
    else $("new-name").focus();
  }

  start();
})();
