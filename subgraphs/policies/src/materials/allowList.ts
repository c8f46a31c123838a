/**
 * Which files an enterprise may upload as materials: types by their content (the first bytes), not by the name, each
 * with its largest size. Anything else is refused (BAD_USER_INPUT).
 */
export interface AllowedType {
  contentType: string;
  extensions: string[];
  maxBytes: number;
  /** The file's first bytes. */
  magic: number[];
}

const MiB = 1024 * 1024;

export const ALLOWED_TYPES: readonly AllowedType[] = [
  { contentType: 'application/pdf', extensions: ['pdf'], maxBytes: 10 * MiB, magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], maxBytes: 5 * MiB, magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', extensions: ['png'], maxBytes: 5 * MiB, magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a] },
  // OFD (版式文档, GB/T 33190) is a zip container.
  { contentType: 'application/ofd', extensions: ['ofd'], maxBytes: 10 * MiB, magic: [0x50, 0x4b, 0x03, 0x04] },
];

/** The largest file of any allowed type. */
export const MAX_MATERIAL_BYTES = Math.max(...ALLOWED_TYPES.map((t) => t.maxBytes));

export function allowedType(contentType: string): AllowedType | undefined {
  return ALLOWED_TYPES.find((t) => t.contentType === contentType);
}

export function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
