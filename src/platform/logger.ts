// Structured logs for operators. They carry ids and codes, never personal data: no names, e-mail addresses,
// addresses, free text, request bodies or query strings.
import pino from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { service: 'harbour' },
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'email', 'password', 'body', 'query', '*.email', '*.password'],
    censor: '[redacted]',
  },
});

export type Logger = typeof logger;
