export default function Home() {
  return <main>Lumia</main>;
}
