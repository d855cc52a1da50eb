import { Schema, type Connection, type Types } from 'mongoose';
import { derivedId } from '../platform/derived-id';

/** The colours a project can have: named, so every client draws them from one readable palette. */
export const PROJECT_COLORS = [
  'grey',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'violet',
  'pink',
] as const;
export type ProjectColor = (typeof PROJECT_COLORS)[number];

export const INBOX_NAME = 'Inbox';

export interface ProjectDocument {
  _id: Types.ObjectId;
  owner: Types.ObjectId;
  name: string;
  /** The name as names are compared: a user's project names are unique in this form. */
  nameKey: string;
  color: ProjectColor;
  /** The manual order: ascending, ties broken by id. */
  rank: number;
  archived: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Names compare without case, and the same text composed differently counts as the same. */
export const nameKeyOf = (name: string) => name.normalize('NFC').toLowerCase();

/**
 * The id of the user's Inbox, derived from the user's: known without a read, and created once
 * however many requests ask for it at the same time.
 */
export const inboxIdOf = (owner: Types.ObjectId | string) =>
  derivedId(`inbox\n${typeof owner === 'string' ? owner.toLowerCase() : owner.toHexString()}`);

const projectSchema = new Schema<ProjectDocument>(
  {
    owner: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    color: { type: String, enum: PROJECT_COLORS, required: true },
    rank: { type: Number, required: true },
    archived: { type: Boolean, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
);

projectSchema.index({ owner: 1, nameKey: 1 }, { unique: true });
projectSchema.index({ owner: 1, rank: 1, _id: 1 });

export const projectModel = (connection: Connection) =>
  connection.model<ProjectDocument>('Project', projectSchema);
export type ProjectModel = ReturnType<typeof projectModel>;
