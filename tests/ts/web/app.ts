// A small page on the generated client: list pets by status, add one, upload a photo, delete.
// Served by the local platform next to the API (SLS_STATIC_DIR), so it calls its own origin.

import { ApiError, createClient, type FindPetsByStatusStatus, type Pet } from "../gen/client.js";

const api = createClient({ baseUrl: location.origin, timeoutMs: 10_000 });

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} on the page`);
  return found;
}

const form = element<HTMLFormElement>("#add");
const nameInput = element<HTMLInputElement>("#name");
const statusSelect = element<HTMLSelectElement>("#status");
const filter = element<HTMLSelectElement>("#filter");
const list = element<HTMLUListElement>("#pets");
const errorLine = element<HTMLParagraphElement>("#error");
const message = element<HTMLParagraphElement>("#message");

/** Shows what went wrong: the problem's fields by JSON pointer, or the error's message. */
function showError(error: unknown): void {
  if (error instanceof ApiError && error.problem) {
    const fields = (error.problem.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`).join("; ");
    errorLine.textContent = `${error.status} ${error.problem.title ?? ""}${fields ? ` (${fields})` : ""}`;
  } else {
    errorLine.textContent = error instanceof Error ? error.message : String(error);
  }
}

function render(pets: Pet[]): void {
  list.replaceChildren(
    ...pets.map((pet) => {
      const item = document.createElement("li");
      item.dataset["id"] = String(pet.id);
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = pet.name;
      const photo = document.createElement("input");
      photo.type = "file";
      photo.className = "photo";
      photo.addEventListener("change", () => void upload(pet, photo));
      const remove = document.createElement("button");
      remove.className = "delete";
      remove.textContent = "Delete";
      remove.addEventListener("click", () => void removePet(pet));
      item.append(name, " ", photo, " ", remove);
      return item;
    }),
  );
}

async function refresh(): Promise<void> {
  const result = await api.findPetsByStatus({ status: filter.value as FindPetsByStatusStatus });
  if (result.status === 200) render(result.data);
  else errorLine.textContent = `could not list the pets (${result.status})`;
}

async function upload(pet: Pet, input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file || pet.id === undefined) return;
  const result = await api.uploadFile({ petId: pet.id, additionalMetadata: file.name, body: file });
  message.textContent = result.status === 200 ? (result.data.message ?? "") : `upload failed (${result.status})`;
}

async function removePet(pet: Pet): Promise<void> {
  if (pet.id === undefined) return;
  const result = await api.deletePet({ petId: pet.id });
  message.textContent = result.status === 200 ? `deleted ${pet.name}` : `delete failed (${result.status})`;
  await refresh();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  errorLine.textContent = "";
  const status = statusSelect.value as FindPetsByStatusStatus;
  api
    .addPet({ body: { name: nameInput.value, photoUrls: [], status } })
    .then(async (result) => {
      if (result.status === 200) {
        message.textContent = `added ${result.data.name} (#${result.data.id})`;
        nameInput.value = "";
        filter.value = status;
        await refresh();
      }
    })
    .catch(showError);
});

filter.addEventListener("change", () => void refresh().catch(showError));

refresh()
  .catch(showError)
  .finally(() => {
    document.body.dataset["ready"] = "true";
  });
