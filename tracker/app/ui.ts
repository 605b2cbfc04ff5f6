// The tracker window: plain HTML, CSS and a small script, carried as strings so
// the single-file build serves them without any files beside it. No inline
// script or style (the page's CSP forbids them); relative URLs keep the secret.

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hourglass tracker</title>
<link rel="stylesheet" href="app.css">
<script src="app.js" defer></script>
</head>
<body>
<header>
  <h1>Hourglass tracker</h1>
  <p id="who" class="muted"></p>
  <p id="test-mode" class="test" hidden></p>
</header>
<main>
  <section id="signin" aria-labelledby="signin-title" hidden>
    <h2 id="signin-title">Sign in</h2>
    <form id="signin-form">
      <label for="portal-url">Portal address</label>
      <input id="portal-url" name="portalUrl" type="url" required placeholder="https://hourglass.example.com" autocomplete="url">
      <label for="device-name">Name of this computer (optional)</label>
      <input id="device-name" name="deviceName" maxlength="80">
      <button type="submit">Sign in with the browser</button>
    </form>
    <div id="signin-code" hidden>
      <p>Confirm this code on the portal:</p>
      <p id="user-code" class="code" aria-label="Sign-in code"></p>
      <p><a id="verify-link" href="#" target="_blank" rel="noopener noreferrer">Open the sign-in page</a></p>
      <p class="muted">Waiting for your approval…</p>
    </div>
    <details>
      <summary>Use a token instead</summary>
      <form id="token-form">
        <label for="token">Tracker token (Settings › Tracker)</label>
        <input id="token" name="token" autocomplete="off" required>
        <button type="submit">Sign in with the token</button>
      </form>
    </details>
    <p id="signed-out" class="muted" role="status"></p>
    <p id="signin-error" class="error" role="alert"></p>
  </section>

  <section id="tracker" aria-labelledby="tracker-title" hidden>
    <h2 id="tracker-title" class="visually-hidden">Tracking</h2>
    <div id="notice" class="notice" role="alert" hidden></div>
    <label for="contract">Contract</label>
    <select id="contract"></select>
    <p id="contract-hours" class="muted"></p>
    <p id="contract-links"><a id="diary-link" href="#" target="_blank" rel="noopener noreferrer">Work Diary</a> · <a id="messages-link" href="#" target="_blank" rel="noopener noreferrer">Messages</a></p>
    <label for="memo">Memo: what you are working on</label>
    <input id="memo" maxlength="500" autocomplete="off">
    <p id="memo-hint" class="muted" hidden>A changed memo applies from the next 10-minute slot. <button id="save-memo" type="button">Save memo</button></p>
    <p id="memo-warning" class="warning" role="status" hidden>Without a memo this time has no Hourly Protection.</p>
    <div class="actions">
      <button id="start" type="button">Start</button>
      <button id="stop" type="button" hidden>Stop</button>
    </div>
    <p id="status" role="status"></p>
    <div id="slot" hidden>
      <label for="slot-progress" id="slot-label">Current slot</label>
      <progress id="slot-progress" max="1" value="0"></progress>
    </div>
    <figure id="preview" hidden>
      <img id="preview-img" alt="The last screenshot">
      <figcaption id="preview-caption"></figcaption>
      <div id="bars" class="bars" role="img" aria-label="Activity per minute"></div>
      <button id="delete-shot" type="button">Delete screenshot</button>
    </figure>
    <p id="sync" class="muted"></p>
    <details id="settings">
      <summary>Settings</summary>
      <label class="inline"><input id="notify" type="checkbox"> Notify me when a screenshot is taken</label>
      <fieldset>
        <legend>Screenshots show</legend>
        <label class="inline"><input type="radio" name="monitors" value="pointer"> the monitor under the pointer</label>
        <label class="inline"><input type="radio" name="monitors" value="all"> all monitors</label>
      </fieldset>
      <label for="idle">Stop after this many minutes without input</label>
      <input id="idle" type="number" min="1" max="60" step="1">
      <p class="muted">Monitor and inactivity changes apply from the next start.</p>
      <button id="sign-out" type="button">Sign out of this computer</button>
    </details>
    <p id="error" class="error" role="alert"></p>
  </section>
</main>
</body>
</html>
`;

export const APP_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; font-size: 15px; }
body { margin: 0; padding: 12px 16px; max-width: 560px; }
h1 { font-size: 1.15rem; margin: 0; }
h2 { font-size: 1rem; }
label { display: block; margin: 10px 0 4px; font-weight: 600; }
label.inline { font-weight: normal; margin: 6px 0; }
input:not([type=checkbox]):not([type=radio]), select { width: 100%; box-sizing: border-box; padding: 6px; font: inherit; }
button { font: inherit; padding: 6px 14px; margin-top: 8px; cursor: pointer; }
#start { background: #14803c; color: #fff; border: 0; border-radius: 4px; }
#stop { background: #b42318; color: #fff; border: 0; border-radius: 4px; }
.muted { color: #667; font-size: 0.9rem; margin: 4px 0; }
.error { color: #b42318; }
.warning { background: #fff4d6; color: #6b4a00; padding: 6px 8px; border-radius: 4px; }
.notice { background: #fde8e8; color: #7a1c12; padding: 8px; border-radius: 4px; }
.test { background: #e8f0fe; color: #1a3d8f; padding: 4px 8px; font-size: 0.85rem; }
.code { font-size: 1.8rem; font-family: ui-monospace, monospace; letter-spacing: 0.1em; margin: 6px 0; }
progress { width: 100%; }
figure { margin: 12px 0; }
#preview-img { width: 100%; max-height: 200px; object-fit: contain; background: #111; }
.bars { display: flex; gap: 3px; align-items: flex-end; height: 36px; margin-top: 6px; }
.bars span { flex: 1; background: #14803c; min-height: 2px; }
.bars span.none { background: #ccc; }
fieldset { border: 0; padding: 0; margin: 8px 0; }
legend { font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

export const APP_JS = `"use strict";
(function () {
  var state = null;
  var contractsKey = "";
  var memoDirty = false;
  var $ = function (id) { return document.getElementById(id); };

  function post(path, body) {
    return fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body || {}) })
      .then(function (res) { return res.json().then(function (json) { if (!res.ok) throw new Error(json.error || "HTTP " + res.status); return json; }); });
  }
  function act(path, body, errorId) {
    $(errorId || "error").textContent = "";
    return post(path, body).then(poll, function (e) { $(errorId || "error").textContent = e.message; poll(); });
  }
  function hm(minutes) {
    if (minutes === null || minutes === undefined) return "–";
    return Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0");
  }
  function utc(iso) { return iso ? iso.slice(11, 16) + " UTC" : ""; }
  function selected() {
    if (!state) return null;
    var id = $("contract").value;
    return state.contracts.find(function (c) { return c.id === id; }) || null;
  }

  function renderSignIn(s) {
    var sign = s.signIn;
    if (!$("portal-url").value && (s.portalUrl || (sign && sign.portalUrl))) $("portal-url").value = s.portalUrl || sign.portalUrl;
    $("signin-code").hidden = !(sign && sign.status === "waiting");
    if (sign && sign.status === "waiting") {
      $("user-code").textContent = sign.userCode;
      $("verify-link").href = sign.verificationUriComplete;
    }
    $("signin-error").textContent = sign && sign.status === "error" ? sign.message : "";
    $("signed-out").textContent = s.signedOut || "";
  }

  function renderContracts(s) {
    var key = JSON.stringify(s.contracts.map(function (c) { return [c.id, c.title, c.clientName]; }));
    var select = $("contract");
    if (key !== contractsKey) {
      var keep = select.value;
      select.textContent = "";
      s.contracts.forEach(function (c) {
        var option = document.createElement("option");
        option.value = c.id;
        option.textContent = c.title + " (" + c.clientName + ")";
        select.appendChild(option);
      });
      if (keep) select.value = keep;
      contractsKey = key;
    }
    if (s.tracking && document.activeElement !== select) select.value = s.tracking.contractId;
    var c = selected();
    $("contract-hours").textContent = c
      ? "Weekly limit: " + (c.weeklyLimitHours === null ? "none" : c.weeklyLimitHours + " h") + " · Today: " + hm(c.minutesToday) + " · This week: " + hm(c.minutesThisWeek)
      : s.contracts.length ? "" : "No active contracts to track.";
    $("contract-links").hidden = !(c && c.diaryUrl);
    if (c && c.diaryUrl) {
      $("diary-link").href = c.diaryUrl;
      $("messages-link").href = c.messagesUrl || c.diaryUrl;
      $("messages-link").textContent = "Messages" + (c.unreadMessages ? " (" + c.unreadMessages + " unread)" : "");
    }
  }

  function renderBars(preview) {
    var bars = $("bars");
    bars.textContent = "";
    var labels = [];
    for (var i = 0; i < 10; i++) {
      var k = preview.keyboard[i] || 0, m = preview.mouse[i] || 0;
      var bar = document.createElement("span");
      bar.style.height = Math.min(100, 8 + Math.sqrt(k + m) * 12) + "%";
      if (k + m === 0) bar.className = "none";
      bar.title = "Minute " + (i + 1) + ": " + k + " keyboard, " + m + " mouse";
      bars.appendChild(bar);
      labels.push(k + m > 0 ? "active" : "idle");
    }
    bars.setAttribute("aria-label", "Activity per minute: " + labels.join(", "));
  }

  function renderTracker(s) {
    var t = s.tracking;
    var n = s.notice;
    $("notice").hidden = !n;
    $("notice").textContent = n ? n.message : "";
    renderContracts(s);
    $("start").hidden = Boolean(t);
    $("stop").hidden = !t;
    $("start").disabled = !s.contracts.length;
    if (t && !memoDirty && document.activeElement !== $("memo")) $("memo").value = t.memo || "";
    $("memo-hint").hidden = !t;
    $("memo-warning").hidden = !(t && !t.memo);
    $("status").textContent = t ? "Tracking " + t.contractTitle + (t.slot && t.slot.memo ? " — " + t.slot.memo : "") : "Not tracking.";
    $("slot").hidden = !(t && t.slot);
    if (t && t.slot) {
      $("slot-label").textContent = "Slot " + utc(t.slot.start) + " – " + utc(t.slot.end) + (t.slot.discarded ? ": screenshot deleted, not recorded" : t.slot.screenshotTaken ? ": screenshot taken" : "");
      $("slot-progress").value = t.slot.progress;
    }
    var p = s.preview;
    $("preview").hidden = !p;
    if (p) {
      var img = $("preview-img");
      img.hidden = !p.imageUrl;
      if (p.imageUrl && img.getAttribute("src") !== p.imageUrl) img.src = p.imageUrl;
      $("preview-caption").textContent = p.discarded
        ? "Screenshot of the " + utc(p.slotStart) + " slot deleted: that slot is not sent and not paid."
        : "Screenshot taken " + utc(p.takenAt) + " in the " + utc(p.slotStart) + " slot.";
      renderBars(p);
      $("delete-shot").hidden = !p.deletable;
      $("delete-shot").dataset.slot = p.slotStart;
    }
    var q = s.queue;
    $("sync").textContent = "Waiting to send: " + q.size + (q.rejected ? " (refused: " + q.rejected + ")" : "") + ". Last sync: " + (q.lastSync ? new Date(q.lastSync.at).toLocaleTimeString() : "not yet") + "." + (q.problem && q.size ? " " + q.problem : "");
    if (document.activeElement !== $("notify")) $("notify").checked = s.settings.notifyOnScreenshot;
    document.querySelectorAll("input[name=monitors]").forEach(function (r) { r.checked = r.value === s.settings.monitors; });
    if (document.activeElement !== $("idle")) $("idle").value = s.settings.idleMinutes;
  }

  function render(s) {
    state = s;
    $("who").textContent = s.user ? s.user.name + " · " + s.portalUrl : s.portalUrl || "";
    $("test-mode").hidden = !s.testMode;
    if (s.testMode) $("test-mode").textContent = "Test mode: clock at " + s.testMode.speed + "x" + (s.testMode.simulate ? ", simulated screen" : "");
    var signedIn = Boolean(s.portalUrl) && !s.signIn && !s.tokenRefused;
    $("signin").hidden = signedIn;
    $("tracker").hidden = !signedIn;
    if (signedIn) renderTracker(s); else renderSignIn(s);
    if (s.profileError) $(signedIn ? "error" : "signin-error").textContent = s.profileError;
  }

  function poll() {
    return fetch("api/state").then(function (r) { return r.json(); }).then(render, function () { $("status").textContent = "The tracker is not running."; });
  }

  $("signin-form").addEventListener("submit", function (e) {
    e.preventDefault();
    act("api/sign-in", { portalUrl: $("portal-url").value, deviceName: $("device-name").value }, "signin-error");
  });
  $("token-form").addEventListener("submit", function (e) {
    e.preventDefault();
    act("api/sign-in-token", { portalUrl: $("portal-url").value, token: $("token").value }, "signin-error").then(function () { $("token").value = ""; });
  });
  $("start").addEventListener("click", function () {
    var memo = $("memo").value.trim();
    // R5: time without a memo has no Hourly Protection; say so before it starts.
    if (!memo && !window.confirm("Start without a memo? Time tracked without a memo has no Hourly Protection.")) return;
    memoDirty = false;
    act("api/start", { contractId: $("contract").value, memo: memo });
  });
  $("stop").addEventListener("click", function () { act("api/stop"); });
  $("memo").addEventListener("input", function () { memoDirty = true; });
  $("save-memo").addEventListener("click", function () {
    memoDirty = false;
    act("api/memo", { memo: $("memo").value });
  });
  $("memo").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && state && state.tracking) { memoDirty = false; act("api/memo", { memo: $("memo").value }); }
  });
  $("contract").addEventListener("change", function () {
    var t = state && state.tracking;
    var c = selected();
    if (!t || !c || c.id === t.contractId) { if (state) renderTracker(state); return; }
    if (!window.confirm("Switch tracking to " + c.title + "? The running slot is kept only if its screenshot was already taken.")) {
      $("contract").value = t.contractId;
      renderTracker(state);
      return;
    }
    memoDirty = false;
    act("api/switch", { contractId: c.id, memo: $("memo").value.trim() });
  });
  // Portal pages open in the default browser (signed in there); the href stays for keyboard and fallback.
  ["verify-link", "diary-link", "messages-link"].forEach(function (id) {
    $(id).addEventListener("click", function (e) {
      e.preventDefault();
      act("api/open", { url: $(id).href }, id === "verify-link" ? "signin-error" : "error");
    });
  });
  $("delete-shot").addEventListener("click", function () {
    act("api/discard", { slotStart: $("delete-shot").dataset.slot });
  });
  $("sign-out").addEventListener("click", function () {
    if (state && state.tracking) { $("error").textContent = "Stop tracking first, then sign out."; return; }
    if (!window.confirm("Sign out of " + (state && state.portalUrl) + "? The portal revokes this computer's token; you sign in again to track.")) return;
    act("api/sign-out");
  });
  $("notify").addEventListener("change", function () { act("api/settings", { notifyOnScreenshot: $("notify").checked }); });
  document.querySelectorAll("input[name=monitors]").forEach(function (r) {
    r.addEventListener("change", function () { act("api/settings", { monitors: r.value }); });
  });
  $("idle").addEventListener("change", function () { act("api/settings", { idleMinutes: Number($("idle").value) }); });

  poll();
  setInterval(poll, 1000);
})();
`;
