import './styles.css';
import './app-shell.ts';
