export { OutOfOfficeCard } from './OutOfOfficeCard';
