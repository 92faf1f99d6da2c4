// Text from the server (status lines, raw reports such as CLIENT LIST) can hold any character, and a pseudoterminal
// acts on control characters: an ESC could recolour the screen, move the cursor or set the window title. Writing
// them as \xhh shows them instead.

/** C0 controls except tab, DEL and the C1 controls (U+0080–U+009F, which terminals may read as ESC sequences). */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/** `text` ready for a pseudoterminal: "\n" becomes "\r\n", tabs stay, every other control character is escaped. */
export function toTerminal(text: string): string {
  return text.replace(CONTROL, (control) =>
    control === '\n' ? '\r\n' : `\\x${control.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
