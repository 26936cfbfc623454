// The time-out warning, after HMRC's timeout dialog: a few minutes before the idle time-out a modal dialog says so,
// with "Stay signed in" (which tells Harbour, so the time-out starts again) and "Sign out". When the time is up it
// does not leave the page: what the person typed stays in front of them, and Harbour keeps a form sent after the
// time-out until they sign in again (docs/decisions/0010-nothing-lost-to-a-time-out.md).
//
// Every tab of a browser shares one session, so each tab tells the others (through localStorage) when it has
// moved the time-out on: a page opened or "Stay signed in" in one tab closes the warning in the others.
const WARNING_MINUTES = 5;
const SHARED_KEY = 'harbour:session-idle-ends-at';

const dialog = document.getElementById('timeout-warning');
if (dialog instanceof HTMLDialogElement && typeof dialog.showModal === 'function') watch(dialog);

function watch(dialog) {
  const idleMinutes = Number(dialog.dataset.idleMinutes);
  const secondsLeft = Number(dialog.dataset.secondsLeft);
  if (!(idleMinutes > 0) || !(secondsLeft >= 0)) return;
  // With a short time-out (a test's, say) the warning comes half way through instead.
  const warningMs = Math.min(WARNING_MINUTES * 60_000, (idleMinutes * 60_000) / 2);
  const heading = dialog.querySelector('h2');
  const text = dialog.querySelector('#timeout-warning-text');
  const countdown = dialog.querySelector('[data-countdown]');
  const stayButton = dialog.querySelector('[data-action="stay"]');
  const closeButton = dialog.querySelector('[data-action="close"]');
  const whileWarning = dialog.querySelector('[data-when="warning"]');
  const whenEnded = dialog.querySelector('[data-when="ended"]');

  let endsAt = Date.now() + secondsLeft * 1000;
  let warningTimer = null;
  let ticker = null;
  let ended = false;
  let returnFocusTo = null;

  function share() {
    try {
      localStorage.setItem(SHARED_KEY, String(endsAt));
    } catch {
      // Storage turned off: each tab then warns on its own reckoning, which is all this costs.
    }
  }

  function schedule() {
    clearTimeout(warningTimer);
    warningTimer = setTimeout(open, Math.max(0, endsAt - warningMs - Date.now()));
  }

  function timeLeftInWords(ms) {
    const seconds = Math.ceil(ms / 1000);
    if (seconds < 60) return 'less than a minute';
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }

  function tick() {
    const left = endsAt - Date.now();
    if (left <= 0) showEnded();
    else countdown.textContent = timeLeftInWords(left);
  }

  function open() {
    if (ended) return;
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      tick();
      dialog.showModal();
    }
    stayButton.focus();
    clearInterval(ticker);
    ticker = setInterval(tick, 1000);
  }

  function close() {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === 'function') returnFocusTo.focus();
    returnFocusTo = null;
  }

  function showEnded() {
    ended = true;
    clearInterval(ticker);
    clearTimeout(warningTimer);
    heading.textContent = 'You have been signed out';
    text.textContent = `You had not used Harbour for ${idleMinutes} minutes, so you have been signed out to keep children’s information secure. What you typed on this page is still here: when you save or send it, Harbour will keep it and ask you to sign in again.`;
    whileWarning.hidden = true;
    whenEnded.hidden = false;
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      dialog.showModal();
    }
    heading.focus();
  }

  async function staySignedIn() {
    stayButton.disabled = true;
    try {
      const response = await fetch(dialog.dataset.keepAlive, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'x-csrf-token': dialog.dataset.csrfToken },
      });
      if (response.status !== 204) return showEnded();
      endsAt = Date.now() + idleMinutes * 60_000;
      share();
      close();
      schedule();
    } catch {
      // No answer (the network dropped): the warning stays, and the button can be pressed again.
    } finally {
      stayButton.disabled = false;
    }
  }

  stayButton.addEventListener('click', staySignedIn);
  closeButton.addEventListener('click', close);
  // Escape means "stay signed in" while there is still time; afterwards it just closes the dialog.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (ended) close();
    else staySignedIn();
  });
  window.addEventListener('storage', (event) => {
    const shared = Number(event.newValue);
    if (event.key !== SHARED_KEY || ended || !(shared > endsAt)) return;
    endsAt = shared;
    close();
    schedule();
  });

  share();
  schedule();
}
