import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { serverEvents } from './api/event-socket.js';
import { App } from './app.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/list.css';
import './styles/viewer.css';
import './styles/widgets.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
serverEvents.start();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
