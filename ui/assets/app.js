() => {
  // The page's behaviour beyond Gradio's: Swedish, keyboard paths, live regions, and where a
  // new reply is shown. Gradio runs this once when the page has loaded.
  const shb = (window.shb = window.shb || {});
  const questionBox = () => document.querySelector('#question textarea, #question input');

  // The element that scrolls the conversation: Gradio's log, or the block around it.
  const scroller = () => {
    for (const el of [document.querySelector('#chat [role=log]'), document.querySelector('#chat')]) {
      const overflow = el && getComputedStyle(el).overflowY;
      if (el && (overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight + 1) {
        return el;
      }
    }
    return null;
  };

  // Show the START of the newest reply (with the question above it when both fit), not its
  // end. `done`: the reply is complete; the page may move so that it starts in view, and the
  // focus goes back to the question box (without moving the page). While the reply is only
  // "Söker …" at the end of the conversation, it cannot be scrolled to the top of the box yet.
  shb.replyShown = (done) => {
    const replies = document.querySelectorAll('#chat [data-testid=bot]');
    const reply = replies[replies.length - 1];
    if (reply) {
      const asked = [...document.querySelectorAll('#chat [data-testid=user]')].pop();
      const box = scroller();
      if (box) {
        const room = box.clientHeight / 3;
        const gap = asked ? reply.getBoundingClientRect().top - asked.getBoundingClientRect().top : 0;
        const first = asked && gap > 0 && gap < room ? asked : reply;
        box.scrollTop += first.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
      }
      // the page: when the reply starts low on the screen (a phone), the question box moves to
      // the top, which brings the reply up beneath it; both stay in view
      const top = reply.getBoundingClientRect().top;
      const form = document.querySelector('#question');
      if (done && (top < 0 || top > window.innerHeight * 0.6)) {
        const lift = form ? form.getBoundingClientRect().top - 8 : top - window.innerHeight / 4;
        window.scrollBy({ top: top - lift < 0 || top - lift > window.innerHeight - 64 ? top - 64 : lift });
      }
    }
    if (done) questionBox()?.focus({ preventScroll: true });
  };

  let replies = 0;
  const fix = () => {
    if (document.documentElement.lang !== 'sv') document.documentElement.lang = 'sv';
    // Gradio's chat log is aria-live: it would read every streamed token aloud. The finished
    // answer is announced by #answer-announcer instead.
    document.querySelectorAll('#chat [role=log]').forEach((log) => {
      if (log.getAttribute('aria-live') !== 'off') log.setAttribute('aria-live', 'off');
      if (log.getAttribute('aria-label') !== 'Konversation') log.setAttribute('aria-label', 'Konversation');
    });
    document.querySelectorAll('#chat [data-testid=user][aria-label], #chat [data-testid=bot][aria-label]')
      .forEach((m) => m.removeAttribute('aria-label'));
    // every "Hur går det?" button is described by the goal it asks about
    document.querySelectorAll('button[id^=goal-btn-]:not([aria-describedby])').forEach((b) =>
      b.setAttribute('aria-describedby', b.id.replace('goal-btn-', 'goal-text-')));
    // the live regions are the HTML components' content boxes, which Gradio keeps across
    // updates; not their wrappers, which also hold Gradio's "processing 0.1s" status tracker
    for (const id of ['answer-announcer', 'chat-status']) {
      const el = document.querySelector(`#${id} .html-container`);
      if (el && el.getAttribute('aria-live') !== 'polite') {
        el.setAttribute('aria-live', 'polite');
        el.setAttribute('role', 'status');
      }
    }
    // Gradio names each radio button on its own, so each was a Tab stop: one name per group
    // makes a group one Tab stop, its options chosen with the arrow keys
    document.querySelectorAll('fieldset').forEach((group, n) => {
      const name = `radio-${group.id || n}`;
      group.querySelectorAll('input[type=radio]').forEach((r) => { if (r.name !== name) r.name = name; });
    });
    // Tabs: only the selected one is a Tab stop; the arrow keys, Home and End move between them
    document.querySelectorAll('[role=tablist]').forEach((list) => {
      list.querySelectorAll('[role=tab]').forEach((t) => {
        const stop = t.getAttribute('aria-selected') === 'true' ? '0' : '-1';
        if (t.getAttribute('tabindex') !== stop) t.setAttribute('tabindex', stop);
      });
      if (list.dataset.keys) return;
      list.dataset.keys = 'arrows';
      list.addEventListener('keydown', (e) => {
        const tabs = [...list.querySelectorAll('[role=tab]')];
        const i = tabs.indexOf(document.activeElement);
        const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (i < 0 || to === undefined) return;
        e.preventDefault();
        const tab = tabs[(to + tabs.length) % tabs.length];
        tab.focus();
        tab.click();
      });
    });
    // Gradio's accordions say neither that they open nor whether they are: aria-expanded, and
    // the arrow is decoration
    document.querySelectorAll('button.label-wrap').forEach((b) => {
      const sync = () => {
        const content = b.nextElementSibling;
        const open = String(!!content && content.style.display !== 'none');
        if (b.getAttribute('aria-expanded') !== open) b.setAttribute('aria-expanded', open);
      };
      sync();
      b.querySelector('.icon')?.setAttribute('aria-hidden', 'true');
      if (!b.dataset.synced) {
        b.dataset.synced = 'yes';
        b.addEventListener('click', () => setTimeout(sync, 0));
      }
    });
    // Gradio's empty file box has a label but no role, which is not allowed: it is a picture
    document.querySelectorAll('div.empty[aria-label]:not([role])').forEach((d) => {
      d.setAttribute('role', 'img');
      d.setAttribute('aria-label', 'Ingen fil');
    });
    // a new reply has begun: show where it starts
    const now = document.querySelectorAll('#chat [data-testid=bot]').length;
    if (now > replies) shb.replyShown(false);
    replies = now;
  };
  fix();
  // after Svelte has finished its own changes (it names the radios after inserting them), and
  // once per frame however many changes there were
  let pending = false;
  const later = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fix(); });
  };
  new MutationObserver(later).observe(document.documentElement, {
    attributes: true, attributeFilter: ['lang', 'aria-selected', 'name'], childList: true, subtree: true,
  });
}
