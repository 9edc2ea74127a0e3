"""E-mail to sellers who gave an address (confidential or shared testimonies).

Three kinds of message, all plain-text French and free of content: an acknowledgement
after the save, and a notice when staff reply or change the status. None holds the
testimony, a staff reply or the follow-up code: the seller reads replies in the chat with
their code.

- `messages` composes subjects and bodies;
- `outbox` decides and enqueues rows of `mail_outbox` (never raising into the
  conversation or the staff action), and summarises them for staff pages;
- `smtp` reads `SMTP_URL`;
- `sender` claims due rows, sends them, retries with back-off (`python -m bot mail send`,
  and every 30 s under `python -m bot run`).

Nothing is enqueued while `SMTP_URL` is unset. Logs never hold an address, a subject or
a body, only counts, exception classes and SMTP codes.
"""
