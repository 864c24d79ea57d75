// Identifier and timestamp formats that look like Graph's (opaque base64url ids, 7-digit fractions).
import { randomBytes, randomUUID } from 'node:crypto';

export function outlookId(prefix = 'AAMkAGI'): string {
  return prefix + randomBytes(33).toString('base64url');
}

export function guid(): string {
  return randomUUID();
}

export function changeKey(): string {
  return randomBytes(12).toString('base64');
}

/** 2024-01-02T03:04:05.1230000Z, the form Graph uses for createdDateTime / lastModifiedDateTime. */
export function graphTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export function opaqueToken(): string {
  return randomBytes(24).toString('base64url');
}
