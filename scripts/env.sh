# Sourced by the other scripts: puts the tools they install first on PATH.
#
# npm's wasm-opt comes before any other: Debian's binaryen builds wasm that crashes at run time.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
