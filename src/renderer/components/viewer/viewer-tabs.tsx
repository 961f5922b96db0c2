import type { KeyboardEvent } from 'react';

export type TabId = 'html' | 'text' | 'source' | 'headers' | 'attachments' | 'envelope';

export interface TabSpec {
  id: TabId;
  label: string;
  count?: number;
  disabled?: boolean;
}

export const tabDomId = (id: TabId): string => `viewer-tab-${id}`;
export const PANEL_ID = 'viewer-panel';

/** WAI-ARIA tabs: arrow keys move between enabled tabs, the panel follows. */
export function ViewerTabs({
  tabs,
  active,
  onChange,
}: {
  tabs: TabSpec[];
  active: TabId;
  onChange(id: TabId): void;
}) {
  const enabled = tabs.filter((tab) => !tab.disabled);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = enabled.findIndex((tab) => tab.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || enabled.length === 0) return;
    event.preventDefault();
    const next = enabled[(index + step + enabled.length) % enabled.length];
    if (!next) return;
    onChange(next.id);
    document.getElementById(tabDomId(next.id))?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Message views" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabDomId(tab.id)}
          className="tab"
          aria-selected={tab.id === active}
          aria-controls={PANEL_ID}
          tabIndex={tab.id === active ? 0 : -1}
          disabled={tab.disabled}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
          {tab.count ? <span className="tab-count">{tab.count}</span> : null}
        </button>
      ))}
    </div>
  );
}
