// The images the containers run: one that is present is used as it is, a missing one is pulled with progress. A node
// or init image that cannot be had stops the operation; a missing exporter image only leaves the exporter out.
import type Docker from 'dockerode';
import type { Plan, PlannedContainer } from '../compose/plan';
import { UserError } from '../errors';
import { type Phrase, phrase, setting } from '../wording';
import type { Progress } from './engine-options';
import { initContainerOf } from './init-container';

/** The containers whose images (and the plan's init image) are present, pulling missing ones, with a warning for
 * each one left out. */
export async function ensureImages(docker: Docker, containers: PlannedContainer[], plan: Plan, warnings: Phrase[], progress: Progress): Promise<PlannedContainer[]> {
  const init = initContainerOf(plan);
  const needed = [...new Set([...containers, init].map((container) => container.image))];
  const reasons = await Promise.all(needed.map((image) => ensureImage(docker, image, progress)));
  const unavailable = new Map(needed.flatMap((image, index) => (reasons[index] ? [[image, reasons[index]] as const] : [])));
  const essential = new Set([...containers.filter((container) => container.role !== 'exporter'), init].map((container) => container.image));
  const blocking = [...unavailable].filter(([image]) => essential.has(image));
  if (blocking.length > 0) {
    const [image, reason] = blocking[0];
    throw new UserError('imageMissing', `The image "${image}" is not on this machine and could not be pulled (${reason}).`,
      phrase`Pull or build it yourself (docker pull / docker build), or set ${setting('image')} / ${setting('initImage')} to an image you have.`);
  }
  return containers.filter((container) => {
    if (!unavailable.has(container.image)) return true;
    warnings.push(phrase`The exporter image "${container.image}" is not available (${unavailable.get(container.image) ?? ''}); the cluster runs without metrics. Set ${setting('exporterImage')} or turn off ${setting('enableExporter')}.`);
    return false;
  });
}

/** Returns why the image is unavailable, or undefined when it is present (after a pull if needed). */
async function ensureImage(docker: Docker, image: string, progress: Progress): Promise<string | undefined> {
  try {
    await docker.getImage(image).inspect();
    return undefined;
  } catch {
    // not present: pull it
  }
  progress(`Pulling ${image}`);
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()),
        (event: { status?: string; progress?: string }) => progress(`Pulling ${image}: ${event.status ?? ''} ${event.progress ?? ''}`.trim()));
    });
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}
