/**
 * The mail protocol modules: SMTP/submission, POP3, IMAP in the clear (with STARTTLS/STLS when
 * offered), and the same conversations over implicit TLS (465, 995, 993; RFC 8314).
 */
import type { ProtocolModule, QueryChannel } from '../types.js';
import { imapResult, imapSession } from './imap.js';
import { pop3Result, pop3Session } from './pop3.js';
import { smtpResult, smtpSession } from './smtp.js';

/** Implicit TLS: SNI from the host name the user typed, when it is a name. */
function handshake(channel: QueryChannel) {
  return channel.startTls();
}

export const smtpModule: ProtocolModule = {
  name: 'smtp',
  title: 'SMTP',
  services: ['smtp', 'submission'],
  transports: ['tcp'],
  run: async (channel) => smtpResult(await smtpSession(channel, false), null),
};

export const smtpsModule: ProtocolModule = {
  name: 'smtps',
  title: 'SMTP over TLS',
  services: ['submissions', 'smtps'],
  transports: ['tcp'],
  run: async (channel) => {
    const tls = await handshake(channel);
    return smtpResult(await smtpSession(channel, true), tls);
  },
};

export const pop3Module: ProtocolModule = {
  name: 'pop3',
  title: 'POP3',
  services: ['pop3'],
  transports: ['tcp'],
  run: async (channel) => pop3Result(await pop3Session(channel, false), null),
};

export const pop3sModule: ProtocolModule = {
  name: 'pop3s',
  title: 'POP3 over TLS',
  services: ['pop3s'],
  transports: ['tcp'],
  run: async (channel) => {
    const tls = await handshake(channel);
    return pop3Result(await pop3Session(channel, true), tls);
  },
};

export const imapModule: ProtocolModule = {
  name: 'imap',
  title: 'IMAP',
  services: ['imap'],
  transports: ['tcp'],
  run: async (channel) => imapResult(await imapSession(channel, false), null),
};

export const imapsModule: ProtocolModule = {
  name: 'imaps',
  title: 'IMAP over TLS',
  services: ['imaps'],
  transports: ['tcp'],
  run: async (channel) => {
    const tls = await handshake(channel);
    return imapResult(await imapSession(channel, true), tls);
  },
};
