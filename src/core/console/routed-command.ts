// A command sent exactly as typed: iovalkey's convenience transformers (hgetall → object, hset/mset objects →
// arguments) key on lower-case names, so the typed (upper-case) name keeps the raw reply valkey-cli would show.
// iovalkey would then not know the key; the slot the console computed from it is supplied instead (iovalkey's own,
// from cluster-key-slot, differs from the server's for keys such as "foo{}{bar}").
import { Command } from 'iovalkey';

export class RoutedCommand extends Command {
  constructor(name: string, args: Buffer[], private readonly routedSlot: number | null) {
    super(name.toUpperCase(), args, { replyEncoding: null });
  }

  override getSlot(): number {
    // iovalkey treats null as "any node" for keyless commands.
    return this.routedSlot as number;
  }
}
