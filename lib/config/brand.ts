// The portal's name and colours outside the page itself: the web app manifest,
// the browser's theme colour, and the icons scripts/make-icons.ts draws.
// The colours are the Tailwind palette's (app/globals.css).

export const APP_NAME = "Hourglass";
export const APP_DESCRIPTION = "Self-hostable portal for hourly contracts";

/** brand-600: the logo's colour, and the icons' background. */
export const BRAND_COLOR = "#15803d";
/** slate-50: the body's background, so an installed app's splash screen matches its first paint. */
export const BACKGROUND_COLOR = "#f8fafc";
