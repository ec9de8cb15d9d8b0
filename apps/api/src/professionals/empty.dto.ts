/** A command without fields: `{}`; any field is refused. */
export class EmptyDto {}
