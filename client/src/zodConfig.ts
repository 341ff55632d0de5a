import { z } from 'zod'

/*
 * Imported first by main.ts, before any module can parse. The wall's CSP allows no eval: without
 * jitless, zod's first object parse probes `new Function`, and the browser reports that as a CSP
 * violation even though zod catches the refusal.
 */
z.config({ jitless: true })
