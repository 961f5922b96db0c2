import { useState } from 'react';
import type { Header } from '../../../shared/index.js';
import { Segmented } from '../segmented.js';

/** Every header, decoded (RFC 2047 resolved) or exactly as on the wire. */
export function HeadersView({ headers }: { headers: Header[] }) {
  const [raw, setRaw] = useState(false);
  return (
    <div className="headers-view">
      <div className="panel-toolbar">
        <span className="panel-caption">{headers.length} headers</span>
        <Segmented
          label="Header display"
          value={raw ? 'raw' : 'decoded'}
          options={[
            { value: 'decoded', label: 'Decoded' },
            { value: 'raw', label: 'Raw' },
          ]}
          onChange={(mode) => setRaw(mode === 'raw')}
        />
      </div>
      {raw ? (
        <pre className="code-block" data-testid="raw-headers">
          {headers.map((header) => header.raw).join('\n')}
        </pre>
      ) : (
        <table className="kv-table headers-table">
          <tbody>
            {headers.map((header, index) => (
              // Headers repeat (Received); their position is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: order is stable for one message
              <tr key={index}>
                <th scope="row">{header.name}</th>
                <td>{header.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
