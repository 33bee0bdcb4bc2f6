import { render } from 'preact';
import '../shared/styles/tokens.css';
import '../shared/styles/base.css';
import './admin.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
