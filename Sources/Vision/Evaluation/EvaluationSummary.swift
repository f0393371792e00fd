/// The last line of `targeting eval`: how many images, how many had a target, and the time per image.
struct EvaluationSummary: Encodable {
    var images: Int
    var found: Int
    var `repeat`: Int
    var mean_ms_per_image: Double
    /// The mean over the images of each image's median frame time.
    var median_ms_per_image: Double
}
