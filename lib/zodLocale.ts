import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * zod/mini loads no locale, so its default messages would all read "Invalid input". Every module that
 * declares a schema imports this one (for its side effect), so the English messages of classic zod are
 * configured before any parse: in the CLI, the tests and each Lambda bundle alike. Only the English locale
 * is bundled.
 */
z.config(en());
