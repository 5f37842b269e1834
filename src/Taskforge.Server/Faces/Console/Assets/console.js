// Taskforge console: progressive enhancement only. Every page works without this file; with it, times show in the
// browser's zone and language, lists update live, and destructive buttons ask first.
(() => {
  "use strict";

  const lang = document.documentElement.lang || navigator.language;
  const relative = new Intl.RelativeTimeFormat(navigator.language || lang, { numeric: "auto" });
  const absolute = new Intl.DateTimeFormat(navigator.language || lang,
    { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  const clock = new Intl.DateTimeFormat(navigator.language || lang, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const units = [["year", 31536e6], ["month", 2592e6], ["week", 6048e5], ["day", 864e5], ["hour", 36e5], ["minute", 6e4]];

  // <time datetime="ISO" data-relative> shows "in 3 hours"; its title the absolute time in the browser's zone.
  // <time datetime="ISO" data-local> shows the absolute time in the browser's zone.
  function formatTimes(root) {
    for (const el of root.querySelectorAll("time[datetime]")) {
      const when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) continue;
      const local = absolute.format(when);
      if (el.hasAttribute("data-relative")) {
        const diff = when.getTime() - Date.now();
        const [unit, ms] = units.find(([, size]) => Math.abs(diff) >= size) || ["minute", 6e4];
        el.textContent = Math.abs(diff) < 6e4 ? relative.format(0, "minute") : relative.format(Math.round(diff / ms), unit);
        el.title = local;
      } else if (el.hasAttribute("data-local")) {
        el.textContent = local;
      } else if (el.hasAttribute("data-clock")) {
        el.textContent = clock.format(when);
        el.title = local;
      }
    }
  }

  // An element with data-live-events="URL" listens to that event stream; on each event the page fetches itself again
  // and swaps in the fresh copy of every element of class "live" (same id) that nobody is editing.
  // A part someone is typing in, or has changed without sending yet, is left alone: nothing typed is ever lost.
  function isBeingEdited(part) {
    const active = document.activeElement;
    if (active && part.contains(active) && active.matches("input, select, textarea")) return true;
    for (const field of part.querySelectorAll("input, textarea, select")) {
      if (field.type === "hidden") continue;
      if (field.tagName === "SELECT" ? [...field.options].some((o) => o.selected !== o.defaultSelected)
        : field.type === "checkbox" || field.type === "radio" ? field.checked !== field.defaultChecked
        : field.value !== field.defaultValue) return true;
    }
    return false;
  }

  // Fetches the page again and swaps in the fresh copy of every element of class "live" (same id) nobody is editing.
  let pending = false;
  async function refreshLive(status) {
    if (pending) return;
    pending = true;
    try {
      const response = await fetch(location.href, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
      if (response.status === 401) { location.reload(); return; }
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      let changed = false;
      for (const part of document.querySelectorAll(".live[id]")) {
        const fresh = doc.getElementById(part.id);
        if (fresh && fresh.innerHTML !== part.innerHTML && !isBeingEdited(part)) {
          part.innerHTML = fresh.innerHTML;
          formatTimes(part);
          changed = true;
        }
      }
      if (changed && status) status.textContent = "Updated " + absolute.format(new Date());
    } finally {
      pending = false;
    }
  }

  function liveRegions() {
    for (const region of document.querySelectorAll("[data-live-events]")) {
      if (!window.EventSource) return;
      const status = document.getElementById(region.getAttribute("data-live-status") || "");
      const source = new EventSource(region.getAttribute("data-live-events"));
      source.addEventListener("changed", () => refreshLive(status));
    }
  }

  // <ol data-log-tail="URL" data-log-after="N">: a run's log while the run goes on. Asks URL?after=N for the rows
  // written since (escaped by the server), appends them, and refreshes the page's live parts when lines come or the
  // state changes; stops once the run is final. Polls every second while lines come, backing off to 10 s when idle.
  function logTails() {
    for (const log of document.querySelectorAll("ol[data-log-tail]")) {
      const url = log.getAttribute("data-log-tail");
      const status = document.getElementById("log-status");
      let after = log.getAttribute("data-log-after") || "0";
      let state = log.getAttribute("data-run-state");
      let delay = 1000;
      const poll = async () => {
        try {
          const response = await fetch(url + "?after=" + encodeURIComponent(after), { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
          if (response.status === 401) { location.reload(); return; }
          if (response.ok) {
            const rows = (await response.text()).trim();
            const next = response.headers.get("X-Log-Next"), now = response.headers.get("X-Run-State");
            const final = response.headers.get("X-Run-Final") === "true";
            if (rows) {
              const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
              log.insertAdjacentHTML("beforeend", rows);
              formatTimes(log);
              if (atEnd) log.scrollTop = log.scrollHeight;
              for (const empty of document.querySelectorAll(".log-empty")) empty.remove();
            }
            if (next) after = next;
            if (rows || now !== state) refreshLive(null);
            state = now;
            delay = rows ? 1000 : Math.min(delay * 1.5, 10000);
            if (final) { if (status) status.textContent = "The run has ended."; return; }
          }
        } catch { /* the network came and went: try again */ }
        setTimeout(poll, delay);
      };
      setTimeout(poll, delay);
    }
  }

  // datetime-local inputs of class utc-time carry UTC to the server. With this script people see and type their own
  // local time: converted for display on load, and back to UTC just before the form is sent.
  const pad = (n) => String(n).padStart(2, "0");
  const localValue = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  function localInputs(root) {
    for (const input of root.querySelectorAll("input.utc-time")) {
      const when = input.value ? new Date(input.value + "Z") : null;
      if (when && !isNaN(when)) input.value = localValue(when);
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "your time";
    for (const hint of root.querySelectorAll(".tz-hint")) hint.textContent = hint.textContent.replace("UTC", zone);
  }
  document.addEventListener("submit", (event) => {
    for (const input of event.target.querySelectorAll("input.utc-time")) {
      const when = input.value ? new Date(input.value) : null;
      if (when && !isNaN(when)) input.value = when.toISOString().slice(0, 19);
    }
  });

  // A form with data-preview="URL" previews what it would do: on every change to its [data-timing] controls (after a
  // pause in typing) the script asks URL for an HTML fragment with their values and shows it in data-preview-into.
  // Only the timing goes into the URL, never inputs (a secure string would land in logs). Answers that arrive after a
  // newer question are dropped. Fields marked data-cycle-only="cron" or "pattern" show only for that kind of "Repeats".
  function previews() {
    for (const form of document.querySelectorAll("form[data-preview]")) {
      const target = document.getElementById(form.getAttribute("data-preview-into"));
      const cycle = form.querySelector("[name=cycle]");
      let timer = 0, asked = 0;
      const showFields = () => {
        for (const field of form.querySelectorAll("[data-cycle-only]")) {
          field.hidden = (cycle.value === "cron") !== (field.getAttribute("data-cycle-only") === "cron");
        }
      };
      const refresh = async () => {
        const query = new URLSearchParams();
        for (const el of form.querySelectorAll("[data-timing]")) {
          const when = el.classList.contains("utc-time") && el.value ? new Date(el.value) : null;
          query.append(el.name, when && !isNaN(when) ? when.toISOString().slice(0, 19) : el.value);
        }
        const mine = ++asked;
        const response = await fetch(form.getAttribute("data-preview") + "?" + query, { credentials: "same-origin" });
        if (mine !== asked || response.status === 401) return;
        target.innerHTML = await response.text();
        formatTimes(target);
      };
      const changed = (event) => {
        if (!event.target.matches("[data-timing]")) return;
        if (event.target === cycle) showFields();
        clearTimeout(timer);
        timer = setTimeout(refresh, 300);
      };
      form.addEventListener("input", changed);
      form.addEventListener("change", changed);
      if (cycle) showFields();
    }
  }

  // Buttons with data-confirm="question" ask before their form goes.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", () => {
    formatTimes(document);
    localInputs(document);
    liveRegions();
    previews();
    logTails();
    // After a refused form, the first field the engine named gets the focus (the message above says why).
    const invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
    setInterval(() => formatTimes(document), 60000);
  });
})();
