declare module '*.ogg' {
  const url: string;
  export default url;
}
