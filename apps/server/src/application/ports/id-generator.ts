export type IdGenerator = () => string;
