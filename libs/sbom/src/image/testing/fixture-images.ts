import { join } from 'node:path';
import { readFileTree, writeOciLayout, type BuiltImage, type LayerSpec, type LayoutSpec } from '@tollgate/testing';

const FIXTURES = join(__dirname, '..', 'fixtures');

const layer = async (path: string, options: Omit<LayerSpec, 'files'> = {}): Promise<LayerSpec> => ({ files: await readFileTree(join(FIXTURES, path)), ...options });

/** Debian base (gzip) + node app (plain tar) + a layer that removes zlib1g, left-pad and the old site-packages. */
export async function writeDebianImage(dir: string, overrides: Partial<LayoutSpec> = {}, mangleLayer?: { index: number; mangle: (blob: Buffer) => Buffer }): Promise<BuiltImage> {
  const layers = [await layer('debian-image/layer-0'), await layer('debian-image/layer-1', { gzip: false }), await layer('debian-image/layer-2')];
  if (mangleLayer !== undefined) layers[mangleLayer.index].mangle = mangleLayer.mangle;
  return writeOciLayout(dir, { image: { layers }, ref: 'fixture/debian:1', ...overrides });
}

/** Alpine with Docker media types, in a manifest list whose other entry is linux/arm64. */
export async function writeAlpineImage(dir: string): Promise<BuiltImage> {
  return writeOciLayout(dir, {
    docker: true,
    image: { layers: [await layer('alpine-image/layer-0'), await layer('alpine-image/layer-1', { gzip: false })] },
    otherPlatforms: [{ platform: { os: 'linux', architecture: 'arm64' }, layers: [await layer('alpine-image/layer-0'), await layer('alpine-image/arm64-layer-0')] }],
  });
}

/** A standalone jar, a Spring Boot style fat jar (with a nested jar) and an exploded pom.properties. */
export async function writeJavaImage(dir: string): Promise<BuiltImage> {
  return writeOciLayout(dir, { image: { layers: [await layer('java-image/layer-0')] } });
}
