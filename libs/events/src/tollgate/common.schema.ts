import { z } from 'zod';

/** Severity scale shared by findings, vulnerabilities and breaches (OCSF names, lowercased; `info` = Informational). */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severity = () => z.enum(SEVERITIES);
