/**
 * Every action a key can trigger in the terminal UI, by name. Keys map to these through the one
 * binding table (key-bindings.ts); the reducer and the help view read only these names, so a key
 * cannot do one thing and be documented as another.
 */
export const Command = {
  moveUp: 'moveUp',
  moveDown: 'moveDown',
  pageUp: 'pageUp',
  pageDown: 'pageDown',
  home: 'home',
  end: 'end',
  open: 'open',
  back: 'back',
  requery: 'requery',
  requeryFiltered: 'requeryFiltered',
  filter: 'filter',
  stateFilterCycle: 'stateFilterCycle',
  stateFilterAll: 'stateFilterAll',
  stateFilterListening: 'stateFilterListening',
  stateFilterNotListening: 'stateFilterNotListening',
  stateFilterFiltered: 'stateFilterFiltered',
  stateFilterListeningOrFiltered: 'stateFilterListeningOrFiltered',
  sort: 'sort',
  sortReverse: 'sortReverse',
  pauseResume: 'pauseResume',
  export: 'export',
  switchView: 'switchView',
  help: 'help',
  newQuery: 'newQuery',
  commandPrompt: 'commandPrompt',
  quit: 'quit',
  interrupt: 'interrupt',
  // Text entry (filter, `:` prompt, new-query form).
  submit: 'submit',
  cancel: 'cancel',
  deleteBack: 'deleteBack',
  nextField: 'nextField',
  previousField: 'previousField',
  optionNext: 'optionNext',
  optionPrevious: 'optionPrevious',
} as const;

export type Command = (typeof Command)[keyof typeof Command];
