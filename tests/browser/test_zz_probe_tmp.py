"""Probe: after a multi-message answer, is the first new message at the top of the log?"""
from typing import Any
import pytest

def test_probe(chat: Any, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    chat.click("Signaler un problème")
    info = chat.page.evaluate("""() => {
      const log = document.querySelector('.spme-log');
      const items = log.querySelectorAll('.spme-msg');
      const first = items[2];
      return {scrollTop: log.scrollTop, firstOffsetTop: first.offsetTop, logOffsetTop: log.offsetTop,
        offsetParentFirst: first.offsetParent && first.offsetParent.className,
        offsetParentLog: log.offsetParent && (log.offsetParent.className || log.offsetParent.tagName),
        delta: first.getBoundingClientRect().top - log.getBoundingClientRect().top,
        text: first.textContent.slice(0, 40)};
    }""")
    print(info)
